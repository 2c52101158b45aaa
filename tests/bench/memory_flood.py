#!/usr/bin/python3
"""Peak memory of trustfit-server under a flood of large requests.

Finding 7 of issue #16: 64 concurrent 14 MB requests once took the server to
775 MB, past the chart's 512 Mi limit. This starts the real binary on
loopback with its default limits, sends rounds of 64 concurrent requests
just under and far over --max-message-bytes, and prints the server's peak
resident memory (VmHWM) after each phase. A benchmark: it prints figures
and asserts nothing.

  tests/bench/memory_flood.py build/server/trustfit-server
"""

import concurrent.futures
import os
import subprocess
import sys
import tempfile
import time

import grpc

METHOD = "/trustfit.v1.TrustFitService/ValidatePolicy"
CALLERS = 64
ROUNDS = 3


def validate_policy_request(size):
    # ValidatePolicyRequest{yaml: ...}: field 1, length-delimited.
    text = (b"key: value\n" * (size // 11 + 1))[:size]
    length, varint = len(text), bytearray()
    while True:
        byte = length & 0x7F
        length >>= 7
        varint.append(byte | (0x80 if length else 0))
        if not length:
            break
    return b"\x0a" + bytes(varint) + text


def memory_kib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0])
    return fields


def start_server(binary, scratch):
    ports = os.path.join(scratch, "ports")
    log = open(os.path.join(scratch, "server.log"), "w")
    server = subprocess.Popen(
        [binary, "--listen=127.0.0.1:0", "--metrics-listen=off",
         f"--store=sqlite://{scratch}/records.db", f"--port-file={ports}"],
        stdout=log, stderr=log)
    for _ in range(200):
        if os.path.exists(ports) and os.path.getsize(ports) > 0:
            with open(ports) as f:
                return server, int(f.read().split()[0])
        time.sleep(0.05)
    server.kill()
    sys.exit("trustfit-server did not start")


def flood(channel, request):
    call = channel.unary_unary(METHOD, request_serializer=None,
                               response_deserializer=None)
    codes = {}
    with concurrent.futures.ThreadPoolExecutor(CALLERS) as pool:
        futures = [pool.submit(call.with_call, request, timeout=60)
                   for _ in range(CALLERS)]
        for future in futures:
            try:
                future.result()
                code = grpc.StatusCode.OK
            except grpc.RpcError as error:
                code = error.code()
            codes[code.name] = codes.get(code.name, 0) + 1
    return codes


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as scratch:
        server, port = start_server(sys.argv[1], scratch)
        try:
            channel = grpc.insecure_channel(
                f"127.0.0.1:{port}",
                options=[("grpc.max_send_message_length", -1),
                         ("grpc.max_receive_message_length", -1)])
            print(f"{'phase':<44} {'codes':<34} {'RSS MiB':>8} {'peak MiB':>9}")
            before = memory_kib(server.pid)
            print(f"{'idle':<44} {'':<34} {before['VmRSS'] / 1024:>8.1f} "
                  f"{before['VmHWM'] / 1024:>9.1f}")
            phases = [("64 x 3.9 MB (under --max-message-bytes)", 3_900_000),
                      ("64 x 14 MB (over it)", 14_000_000)]
            for name, size in phases:
                request = validate_policy_request(size)
                totals = {}
                start = time.monotonic()
                for _ in range(ROUNDS):
                    for code, n in flood(channel, request).items():
                        totals[code] = totals.get(code, 0) + n
                seconds = time.monotonic() - start
                memory = memory_kib(server.pid)
                codes = ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
                print(f"{name + f' x{ROUNDS} ({seconds:.1f} s)':<44} "
                      f"{codes:<34} {memory['VmRSS'] / 1024:>8.1f} "
                      f"{memory['VmHWM'] / 1024:>9.1f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
