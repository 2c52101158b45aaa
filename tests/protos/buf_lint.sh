#!/bin/bash
# buf lint and buf format on the TrustFit protos, with protos/buf.yaml.
#
# buf cannot fetch google/rpc, google/type or google/api from its registry
# here, so protoc (which finds them in Debian's packages and the vendored
# copy) builds an image, source info included, and buf lints the image.
#
#   buf_lint.sh SOURCE_DIR GOOGLEAPIS_DIR
set -euo pipefail
source_dir=$1
googleapis_dir=$2
buf="$source_dir/tests/protos/node_modules/.bin/buf"
if [[ ! -x $buf ]]; then
  echo "buf is not installed: run scripts/setup (npm ci in tests/protos)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
protos="$source_dir/protos"

protoc -I "$protos" -I "$googleapis_dir" -I "$protos/third_party/googleapis" \
  --include_imports --include_source_info -o "$work/image.binpb" \
  "$protos"/trustfit/v1/*.proto
"$buf" lint "$work/image.binpb" --path trustfit --config "$protos/buf.yaml"
echo "buf lint: trustfit/v1 passes"
"$buf" format "$protos" --diff --exit-code
echo "buf format: trustfit/v1 is formatted"

# The same lint must refuse a proto that breaks its rules.
testdata="$source_dir/tests/protos/testdata"
protoc -I "$testdata" --include_source_info -o "$work/bad.binpb" \
  "$testdata/bad_name.proto"
if "$buf" lint "$work/bad.binpb" --config "$protos/buf.yaml" \
  >"$work/bad.out" 2>&1; then
  echo "buf lint passed a proto it must refuse" >&2
  exit 1
fi
grep -q 'should be PascalCase' "$work/bad.out" || {
  echo "buf lint refused bad_name.proto for another reason:" >&2
  cat "$work/bad.out" >&2
  exit 1
}
echo "buf lint: refuses bad_name.proto"
