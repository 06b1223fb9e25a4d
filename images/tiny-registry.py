#!/usr/bin/env python3
"""A throw-away, in-memory OCI distribution registry for images/verify-images.sh --push: just
enough of the push API (blob uploads, manifests) for `jib:build` to push to it over plain HTTP on
127.0.0.1, and for the script to read back the manifest it received. Never use it for anything
else: no authentication, no persistence, no garbage collection.

  tiny-registry.py PORT_FILE   listens on a free loopback port, writes it to PORT_FILE
"""
import hashlib
import http.server
import re
import sys
import uuid

BLOBS, MANIFESTS, UPLOADS = {}, {}, {}


class Registry(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("registry: " + fmt % args + "\n")

    def _reply(self, code, body=b"", headers=None):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _route(self):
        path, _, query = self.path.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        return path, {k: v.replace("%3A", ":") for k, v in params.items()}

    def do_GET(self):
        path, _ = self._route()
        if path in ("/v2/", "/v2"):
            return self._reply(200, b"{}", {"Content-Type": "application/json"})
        m = re.match(r"^/v2/(.+)/(blobs|manifests)/(.+)$", path)
        if m:
            name, kind, ref = m.groups()
            store = BLOBS if kind == "blobs" else MANIFESTS
            key = ref if kind == "blobs" else (name, ref)
            if key in store:
                body, media = store[key] if kind == "manifests" else (store[key], "application/octet-stream")
                digest = "sha256:" + hashlib.sha256(body).hexdigest()
                return self._reply(200, body, {"Content-Type": media, "Docker-Content-Digest": digest})
        self._reply(404, b'{"errors":[{"code":"NOT_FOUND"}]}', {"Content-Type": "application/json"})

    do_HEAD = do_GET

    def do_POST(self):
        path, params = self._route()
        self._body()
        m = re.match(r"^/v2/(.+)/blobs/uploads/?$", path)
        if not m:
            return self._reply(404)
        if "mount" in params and params["mount"] in BLOBS:
            return self._reply(201, headers={"Location": f"/v2/{m.group(1)}/blobs/{params['mount']}"})
        upload = uuid.uuid4().hex
        UPLOADS[upload] = b""
        self._reply(202, headers={"Location": f"/v2/{m.group(1)}/blobs/uploads/{upload}",
                                  "Range": "0-0", "Docker-Upload-UUID": upload})

    def do_PATCH(self):
        path, _ = self._route()
        m = re.match(r"^/v2/(.+)/blobs/uploads/([0-9a-f]+)$", path)
        data = self._body()
        # a PATCH without Content-Range streams the whole blob: a retried one starts it again
        if self.headers.get("Content-Range"):
            UPLOADS[m.group(2)] += data
        else:
            UPLOADS[m.group(2)] = data
        size = len(UPLOADS[m.group(2)])
        self._reply(202, headers={"Location": path, "Range": f"0-{max(size - 1, 0)}"})

    def do_PUT(self):
        path, params = self._route()
        body = self._body()
        m = re.match(r"^/v2/(.+)/blobs/uploads/([0-9a-f]+)$", path)
        if m:
            data = UPLOADS.pop(m.group(2)) + body
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            if digest != params.get("digest"):
                return self._reply(400, b'{"errors":[{"code":"DIGEST_INVALID"}]}')
            BLOBS[digest] = data
            return self._reply(201, headers={"Location": f"/v2/{m.group(1)}/blobs/{digest}",
                                             "Docker-Content-Digest": digest})
        m = re.match(r"^/v2/(.+)/manifests/(.+)$", path)
        if m:
            digest = "sha256:" + hashlib.sha256(body).hexdigest()
            media = self.headers.get("Content-Type", "")
            MANIFESTS[(m.group(1), m.group(2))] = (body, media)
            MANIFESTS[(m.group(1), digest)] = (body, media)
            return self._reply(201, headers={"Location": f"/v2/{m.group(1)}/manifests/{digest}",
                                             "Docker-Content-Digest": digest})
        self._reply(404)


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
