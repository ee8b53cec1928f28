#!/usr/bin/env python3
"""Relay throughput, loopback only: TCP sender -> kerio-siem relay -> TCP sink.

Sends N RFC 5424 messages (LF-framed) as fast as the relay accepts them (TCP backpressure), counts the records that
arrive at the sink, and prints msgs/s (delivered / (last record at the sink - first byte sent)), the relay's CPU
seconds and peak RSS.  Fails (exit 1) when a record is missing.  Usage: tcp_bench.py KERIO_SIEM LOG [COUNT] [FORMAT]
"""
import os, socket, subprocess, sys, threading, time

binary, log = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 200000
fmt = sys.argv[4] if len(sys.argv) > 4 else "cef"

lines = open(log, "rb").read().split(b"\n")
lines = [l for l in lines if l]
payload = b"".join(b"<14>1 2026-11-14T09:15:02Z fw1 kerio - - - " + lines[i % len(lines)] + b"\n" for i in range(count))

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

sink_port, listen_port = free_port(), free_port()
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", sink_port)); server.listen(8)
state = {"records": 0, "last": None}

def sink():
    server.settimeout(60)
    connection, _ = server.accept()
    connection.settimeout(20)
    while state["records"] < count:
        try:
            data = connection.recv(1 << 20)
        except socket.timeout:
            break
        if not data:
            break
        state["records"] += data.count(b"\n")
        state["last"] = time.monotonic()

thread = threading.Thread(target=sink, daemon=True); thread.start()
relay = subprocess.Popen([binary, "relay", "--listen", f"tcp://127.0.0.1:{listen_port}",
                          "--to", f"tcp://127.0.0.1:{sink_port}", "-f", fmt, "--summary-interval", "0", "-q"])
for _ in range(200):
    try:
        sender = socket.create_connection(("127.0.0.1", listen_port)); break
    except OSError:
        time.sleep(0.05)
else:
    relay.kill(); sys.exit("relay did not listen")
cpu0 = os.times()
start = time.monotonic()
view = memoryview(payload)
for offset in range(0, len(payload), 1 << 20):
    sender.sendall(view[offset:offset + (1 << 20)])
sender.close()
thread.join(90)
peak = 0
with open(f"/proc/{relay.pid}/status") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) // 1024
with open(f"/proc/{relay.pid}/stat") as f:
    fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
relay.terminate(); relay.wait(20)
elapsed = (state["last"] or time.monotonic()) - start
print(f"relay tcp->tcp {fmt}: {state['records']:,} of {count:,} records in {elapsed:.2f} s = "
      f"{state['records'] / elapsed:,.0f} msgs/s; relay CPU {cpu:.2f} s ({cpu / max(state['records'], 1) * 1e6:.2f} us/msg); "
      f"peak RSS {peak} MiB")
sys.exit(0 if state["records"] == count else 1)
