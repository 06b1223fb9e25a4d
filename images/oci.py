#!/usr/bin/env python3
"""Small OCI/Docker image-archive helper for images/verify-images.sh (no Docker needed).

  oci.py base ROOTFS OUT.tar [USER]
      packs the folder ROOTFS as a one-layer image in `docker save` format, which Jib takes as a
      base with -Dhubia.image.base=tar:///abs/path/OUT.tar
  oci.py unpack IMAGE.tar DEST
      unpacks an OCI archive (what jib:buildTar writes with <format>OCI</format>) or a
      `docker save` archive: the layers in order into DEST/rootfs, the image configuration into
      DEST/config.json, the manifest into DEST/manifest.json; prints the configuration
  oci.py run DEST [NAME=VALUE ...] -- [ARG ...]
      runs the image as a container runtime would (root only): chroot into DEST/rootfs, the
      image's user (numeric uid:gid), its working directory, its environment plus NAME=VALUE,
      argv = Entrypoint + ARGs (or + Cmd without ARGs). Mounts (read-only root, /tmp, /proc)
      are the caller's: see verify-images.sh
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile


def base(rootfs, out, user="65532:65532"):
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for dirpath, dirnames, filenames in os.walk(rootfs):
            dirnames.sort()
            for name in sorted(dirnames) + sorted(filenames):
                path = os.path.join(dirpath, name)
                arc = os.path.relpath(path, rootfs)
                info = tar.gettarinfo(path, arcname=arc)
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = 0
                if info.isfile():
                    with open(path, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    data = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(data).hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": {
            "User": user,
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "images/oci.py base"}],
    }
    config_bytes = json.dumps(config).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": ["hubia-proof-base:latest"],
                 "Layers": ["layer.tar"]}]
    with tarfile.open(out, "w") as tar:
        for name, content in (("layer.tar", data), (config_name, config_bytes),
                              ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    print(f"{out}: {len(data) // (1024 * 1024)} MiB layer, {diff_id}")


def _blob(tar, digest):
    return tar.extractfile("blobs/" + digest.replace(":", "/")).read()


def _apply(layer_bytes, rootfs):
    if layer_bytes[:2] == b"\x1f\x8b":
        layer_bytes = gzip.decompress(layer_bytes)
    with tarfile.open(fileobj=io.BytesIO(layer_bytes)) as layer:
        members = []
        for m in layer.getmembers():
            head, tail = os.path.split(m.name)
            if tail.startswith(".wh."):  # whiteouts: deletions of lower layers' files
                target = os.path.join(rootfs, head, tail[4:])
                if tail == ".wh..wh..opq":
                    target = os.path.join(rootfs, head)
                    for child in os.listdir(target) if os.path.isdir(target) else []:
                        p = os.path.join(target, child)
                        shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.remove(p)
                elif os.path.isdir(target) and not os.path.islink(target):
                    shutil.rmtree(target)
                elif os.path.lexists(target):
                    os.remove(target)
                continue
            members.append(m)
        layer.extractall(rootfs, members=members, numeric_owner=True)


def unpack(image, dest):
    rootfs = os.path.join(dest, "rootfs")
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(rootfs)
    with tarfile.open(image) as tar:
        names = tar.getnames()
        if "index.json" in names:  # OCI image layout
            index = json.load(tar.extractfile("index.json"))
            manifest = json.loads(_blob(tar, index["manifests"][0]["digest"]))
            config = json.loads(_blob(tar, manifest["config"]["digest"]))
            layers = [_blob(tar, l["digest"]) for l in manifest["layers"]]
        else:  # docker save
            manifest = json.load(tar.extractfile("manifest.json"))[0]
            config = json.load(tar.extractfile(manifest["Config"]))
            layers = [tar.extractfile(l).read() for l in manifest["Layers"]]
    for layer in layers:
        _apply(layer, rootfs)
    with open(os.path.join(dest, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(dest, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(config.get("config", {}), indent=2))


def run(dest, rest):
    with open(os.path.join(dest, "config.json")) as f:
        config = json.load(f).get("config", {})
    sep = rest.index("--") if "--" in rest else len(rest)
    overrides, args = rest[:sep], rest[sep + 1:]
    env = dict(e.split("=", 1) for e in config.get("Env") or [])
    env.setdefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    env.update(dict(o.split("=", 1) for o in overrides))
    argv = (config.get("Entrypoint") or []) + (args or config.get("Cmd") or [])
    user = config.get("User") or "0:0"
    uid, _, gid = user.partition(":")
    if not uid.isdigit() or (gid and not gid.isdigit()):
        sys.exit(f"user {user!r} is not numeric: Kubernetes cannot check runAsNonRoot against it")
    os.chroot(os.path.join(dest, "rootfs"))
    os.chdir(config.get("WorkingDir") or "/")
    os.setgroups([])
    os.setgid(int(gid) if gid else 0)  # as container runtimes: no group, group 0
    os.setuid(int(uid))
    os.execvpe(argv[0], argv, env)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "base":
        base(*sys.argv[2:5])
    elif len(sys.argv) == 4 and sys.argv[1] == "unpack":
        unpack(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
