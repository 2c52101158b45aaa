#!/usr/bin/python3
"""A client that knows nothing about TrustFit but the server's address.

Every message type comes from server reflection, the way grpcurl, grpc_cli or
any generic gRPC tool works, over reflection v1 and v1alpha alike: list the
services, fetch the descriptors of
trustfit.v1.TrustFitService, build a ScoreCandidate request from JSON and
call it. Proves that stock tools need no .proto files.

With --tls, the server serves TLS with a throwaway certificate (made here
with openssl) and takes bearer tokens; the client sends one with the CA
file, as a Python service of a trust's would (the chart README's recipe),
and a call without it is refused.

    reflection_client.py SERVER_BINARY CANDIDATE_JSON [--tls]
"""

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

REFLECTION_PROTO = "/usr/share/grpc-proto/grpc/reflection/v1alpha/reflection.proto"
SERVICE = "trustfit.v1.TrustFitService"


def reflection_types(workdir):
    """Reflection's own messages, compiled from Debian's grpc-proto.

    The file is copied under another directory name first: generated under
    grpc/, its module would shadow the grpc library itself.
    """
    os.makedirs(os.path.join(workdir, "refl"))
    shutil.copy(REFLECTION_PROTO, os.path.join(workdir, "refl", "reflection.proto"))
    subprocess.run(["protoc", "-I" + workdir, "--python_out=" + workdir,
                    "refl/reflection.proto"], check=True)
    sys.path.insert(0, workdir)
    from refl import reflection_pb2  # pylint: disable=import-outside-toplevel
    return reflection_pb2


def make_tls(workdir):
    """A CA, a server certificate for 127.0.0.1 and a viewer's token: the
    server's options, and the client's CA file and token."""
    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=workdir, check=True, capture_output=True)
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1",
            "-subj", "/CN=Python test CA")
    openssl("req", *key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=server")
    with open(os.path.join(workdir, "server.ext"), "w") as ext:
        ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "1", "-extfile", "server.ext", "-out", "server.crt")
    token = secrets.token_urlsafe(32)
    with open(os.path.join(workdir, "tokens"), "w") as tokens:
        tokens.write("sha256:%s python-client viewer\n" % hashlib.sha256(token.encode()).hexdigest())
    options = ["--tls-cert=" + os.path.join(workdir, "server.crt"),
               "--tls-key=" + os.path.join(workdir, "server.key"),
               "--auth-tokens=" + os.path.join(workdir, "tokens")]
    with open(os.path.join(workdir, "ca.crt"), "rb") as ca:
        return options, ca.read(), token


def start_server(binary, workdir, options):
    port_file = os.path.join(workdir, "ports")
    log = open(os.path.join(workdir, "server.log"), "w")
    server = subprocess.Popen([binary, "--listen=127.0.0.1:0", "--metrics-listen=off",
                               "--port-file=" + port_file, *options], stdout=log, stderr=log)
    for _ in range(500):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return server, "127.0.0.1:" + open(port_file).read().split()[0]
        time.sleep(0.02)
    server.kill()
    sys.exit("server did not start")


def main():
    binary, candidate_path = sys.argv[1], sys.argv[2]
    tls = "--tls" in sys.argv[3:]
    workdir = tempfile.mkdtemp()
    reflection_pb2 = reflection_types(workdir)
    options, ca, token = make_tls(workdir) if tls else ([], None, None)
    server, address = start_server(binary, workdir, options)
    try:
        if tls:
            channel = grpc.secure_channel(address, grpc.composite_channel_credentials(
                grpc.ssl_channel_credentials(root_certificates=ca),
                grpc.access_token_call_credentials(token)))
        else:
            channel = grpc.insecure_channel(address)
        # v1 first, as newer grpcurl and grpcui ask, then v1alpha, as older
        # tools do: the two are the same messages under two packages (so
        # v1alpha's compiled types read both) and must give the same answers.
        answers = {}
        for version in ("v1", "v1alpha"):
            reflect = channel.stream_stream(
                "/grpc.reflection.%s.ServerReflection/ServerReflectionInfo" % version,
                request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
                response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
            requests = [reflection_pb2.ServerReflectionRequest(list_services="*"),
                        reflection_pb2.ServerReflectionRequest(file_containing_symbol=SERVICE)]
            answers[version] = list(reflect(iter(requests), timeout=10))
        listing, files = answers["v1"]
        services = [s.name for s in listing.list_services_response.service]
        assert SERVICE in services, services
        assert "grpc.reflection.v1.ServerReflection" in services, services
        alpha_listing, alpha_files = answers["v1alpha"]
        assert sorted(services) == sorted(
            s.name for s in alpha_listing.list_services_response.service)

        def file_names(answer):
            return sorted(descriptor_pb2.FileDescriptorProto.FromString(raw).name
                          for raw in answer.file_descriptor_response.file_descriptor_proto)
        assert file_names(files) == file_names(alpha_files), (
            file_names(files), file_names(alpha_files))

        # The server sends the file and everything it imports; add them to a
        # pool in dependency order.
        pending = {}
        for raw in files.file_descriptor_response.file_descriptor_proto:
            proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
            pending[proto.name] = proto
        pool = descriptor_pool.DescriptorPool()
        while pending:
            ready = [p for p in pending.values()
                     if all(d not in pending for d in p.dependency)]
            assert ready, "unresolvable imports: %s" % list(pending)
            for proto in ready:
                pool.Add(proto)
                del pending[proto.name]

        method = pool.FindServiceByName(SERVICE).FindMethodByName("ScoreCandidate")
        factory = message_factory.MessageFactory(pool)
        request_type = factory.GetPrototype(method.input_type)
        response_type = factory.GetPrototype(method.output_type)
        request = json_format.Parse(json.dumps({
            "candidate": json.load(open(candidate_path)),
            "cluster_id": "north",
        }), request_type())
        call = channel.unary_unary("/%s/ScoreCandidate" % SERVICE,
                                   request_serializer=request_type.SerializeToString,
                                   response_deserializer=response_type.FromString)
        response = json_format.MessageToDict(call(request, timeout=10),
                                             preserving_proto_field_name=True)
        recommendation = response["assessment"]["recommendation"]
        print("services:", ", ".join(sorted(services)))
        print("recommendation:", recommendation["arrangement"], "by", recommendation["rule"])
        assert recommendation["arrangement"] == "ARRANGEMENT_ASSOCIATE_INTEGRATION"
        if tls:
            # The CA alone gets through the handshake, not past the server.
            anonymous = grpc.secure_channel(address, grpc.ssl_channel_credentials(root_certificates=ca))
            try:
                anonymous.unary_unary("/%s/ScoreCandidate" % SERVICE,
                                      request_serializer=request_type.SerializeToString,
                                      response_deserializer=response_type.FromString)(request, timeout=10)
                sys.exit("a call without a token was answered")
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.UNAUTHENTICATED, error
                print("without a token:", error.code().name)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
