#!/usr/bin/env python3
"""`docker run --rm busybox true` as bare Engine API calls over the socket, timed inside one process:
ping, create (AutoRemove), wait?condition=removed (headers first, as the CLI's wait), start, then the
wait's answer. No attach (`true` prints nothing). What remains is the daemon's own time, without the
docker CLI's start-up, so it shows the client's share of `docker run`.
  bench/api-run.py SOCKET [runs]   prints the median in ms of a whole run
"""
import http.client, json, socket, statistics, sys, time


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def call(conn, method, url, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, url, body=None if body is None else json.dumps(body), headers=headers)
    return conn.getresponse()


def run_once(path):
    api = UnixConnection(path)
    waiter = UnixConnection(path)
    try:
        call(api, "HEAD", "/_ping").read()
        created = call(api, "POST", "/v1.41/containers/create",
                       {"Image": "busybox", "Cmd": ["true"], "HostConfig": {"AutoRemove": True}})
        body = created.read()
        if created.status != 201:
            sys.exit(f"create: {created.status} {body!r}")
        cid = json.loads(body)["Id"]
        wait = call(waiter, "POST", f"/v1.41/containers/{cid}/wait?condition=removed")  # returns at its headers
        started = call(api, "POST", f"/v1.41/containers/{cid}/start")
        started.read()
        if started.status != 204:
            sys.exit(f"start: {started.status}")
        answer = json.loads(wait.read())
        if answer.get("StatusCode") != 0:
            sys.exit(f"wait: {answer}")
    finally:
        api.close()
        waiter.close()


def main():
    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    run_once(path)  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_once(path)
        times.append((time.perf_counter() - start) * 1000)
    print(f"{statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
