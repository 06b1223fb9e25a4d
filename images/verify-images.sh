#!/usr/bin/env bash
# Proves the operator and runtime images without Docker or a registry (docs/images.md).
#
#   images/verify-images.sh --build   builds a base image (a jlink JRE of the local JDK 17 and the
#                                     host's C libraries, docker-save format), then both images on
#                                     it with Maven offline, then checks them
#   images/verify-images.sh --push    also pushes both images with jib:build to a throw-away
#                                     registry on 127.0.0.1 (images/tiny-registry.py) and checks
#                                     that the pushed digests are those of the tarballs (Jib
#                                     refuses registry builds in offline mode: Maven runs online,
#                                     with everything already in ~/.m2)
#   images/verify-images.sh           checks operator/target/jib-image.tar and
#                                     runtime/target/jib-image.tar as they are (any base that has
#                                     java on its PATH and runs on this machine)
#
# Each image is unpacked (images/oci.py) and run as a container runtime would run it under the
# pod security the operator renders: its own user (must be 10001:10001), a read-only root
# filesystem, a writable /tmp (tmpfs, like the pods' emptyDir), HOME=/tmp; argv = the image's
# entrypoint + the Job's args. Needs root (chroot, mount namespace), python3 and curl. When the
# embedded OpenSearch node of the build exists (opensearch-node/target/opensearch-node), the
# runtime image also runs a real `ingest` of a few example documents with the in-process MiniLM
# model, whose tokenizer and ONNX Runtime native libraries must load from /tmp.
# Work folder: target/images-proof (IMAGES_PROOF_DIR to change it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${IMAGES_PROOF_DIR:-$ROOT/target/images-proof}
OCI="$ROOT/images/oci.py"
USER_EXPECTED=10001:10001
FAILURES=0

say() { printf '\n== %s\n' "$*"; }
ok() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; FAILURES=$((FAILURES + 1)); }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

[ "$(id -u)" = 0 ] || { echo "run as root (chroot and a mount namespace are needed)"; exit 2; }
mkdir -p "$WORK"

build_base() {
  # A JRE for the proof only: release images use hubia.image.base (docs/images.md).
  local rootfs=$WORK/base-rootfs java_home
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")
  say "base image: jlink JRE from $java_home"
  rm -rf "$rootfs" && mkdir -p "$rootfs/usr/lib/jvm" "$rootfs/usr/bin" "$rootfs/etc"
  jlink --module-path "$java_home/jmods" --output "$rootfs/usr/lib/jvm/jre" \
    --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.httpserver,jdk.management,jdk.management.jfr,jdk.jfr,jdk.naming.dns,jdk.localedata,jdk.charsets,jdk.net,jdk.security.auth,jdk.security.jgss \
    --strip-debug --no-man-pages --no-header-files --compress=2
  ln -s ../lib/jvm/jre/bin/java "$rootfs/usr/bin/java"
  # the C libraries the JRE's executables and native libraries link against, from this host
  find "$rootfs/usr/lib/jvm/jre" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
    xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*' | sort -u | while read -r lib; do
      [ -e "$lib" ] || continue
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
  # and those of the runtime's native code (MiniLM tokenizer, ONNX Runtime), as a glibc base has
  for lib in libstdc++.so.6 libgcc_s.so.1 libdl.so.2 librt.so.1 libpthread.so.0 libm.so.6; do
    local path
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')
    [ -n "$path" ] && mkdir -p "$rootfs$(dirname "$path")" && cp -L "$path" "$rootfs$path"
  done
  # /lib64 -> usr/lib64 style links as on Debian, so the ELF interpreter path resolves
  [ -e "$rootfs/lib64" ] || { [ -d "$rootfs/usr/lib64" ] && ln -s usr/lib64 "$rootfs/lib64"; } || true
  [ -e "$rootfs/lib" ] || { [ -d "$rootfs/usr/lib/x86_64-linux-gnu" ] && ln -s usr/lib "$rootfs/lib"; } || true
  mkdir -p "$rootfs/tmp" && chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"
  python3 "$OCI" base "$rootfs" "$WORK/base.tar" 65532:65532
}

build_images() {
  say "images on tar://$WORK/base.tar (Maven offline)"
  (cd "$ROOT" && ./mvnw -B -o -q -Pimages -DskipTests package -pl operator,runtime -am \
    "-Dhubia.image.base=tar://$WORK/base.tar")
}

unpack() { # unpack NAME IMAGE.tar
  say "$1: unpack $2"
  python3 "$OCI" unpack "$2" "$WORK/$1" >"$WORK/$1.config.txt"
  cat "$WORK/$1.config.txt"
  # mount points a container runtime provides (the pod's /tmp emptyDir, /proc, /dev, /sys)
  local r=$WORK/$1/rootfs
  for d in tmp proc dev sys etc; do [ -d "$r/$d" ] || mkdir -p "$r/$d"; done
  for f in etc/hosts etc/resolv.conf; do [ -e "$r/$f" ] || : >"$r/$f"; done
}

# in_image NAME [NAME=VALUE ...] -- [ARG ...]: runs the image's entrypoint as its container would,
# root filesystem read-only, /tmp a fresh tmpfs
in_image() {
  local name=$1; shift
  local r=$WORK/$name/rootfs
  local m
  for m in ${IMAGE_MOUNTS:-}; do mkdir -p "$r${m#*:}"; done # mount points, as a runtime makes them
  IMAGE_MOUNTS=${IMAGE_MOUNTS:-} unshare -m --propagation private bash -c '
    set -e
    r=$1; shift
    mount --bind "$r" "$r"
    for m in $IMAGE_MOUNTS; do mount --bind "${m%%:*}" "$r${m#*:}"; mount -o remount,bind,ro "$r${m#*:}"; done
    mount -o remount,bind,ro "$r"
    mount -t tmpfs -o mode=1777,size=512m tmpfs "$r/tmp"
    mount -t proc proc "$r/proc"
    mount --rbind /dev "$r/dev"
    mount --rbind /sys "$r/sys"
    mount --bind /etc/hosts "$r/etc/hosts"
    mount --bind /etc/resolv.conf "$r/etc/resolv.conf"
    exec python3 "$@"' in_image "$r" "$OCI" run "$WORK/$name" "$@"
}

# java_of PID: the java process that PID (a background in_image) became or started
java_of() {
  local p=$1 next
  for _ in 1 2 3 4 5 6; do
    [ "$(ps -o comm= -p "$p" 2>/dev/null)" = java ] && { echo "$p"; return; }
    next=$(ps -o pid= --ppid "$p" 2>/dev/null | head -1 | tr -d ' ')
    [ -n "$next" ] || return 0
    p=$next
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

config() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["config"]; print(eval(sys.argv[2]))' "$WORK/$1/config.json" "$2"; }

check_common() { # check_common NAME PORT
  local name=$1 port=$2 r=$WORK/$1/rootfs
  check "$name: user $USER_EXPECTED" test "$(config "$name" 'c.get("User")')" = "$USER_EXPECTED"
  check "$name: exposes $port/tcp" test "$(config "$name" '"'"$port"'/tcp" in c.get("ExposedPorts", {})')" = True
  check "$name: OCI labels (title, version, source, licenses)" test "$(config "$name" 'all(k in c.get("Labels", {}) for k in ["org.opencontainers.image.title", "org.opencontainers.image.version", "org.opencontainers.image.source", "org.opencontainers.image.licenses"])')" = True
  check "$name: entrypoint starts with java" test "$(config "$name" 'c["Entrypoint"][0]')" = java
  check "$name: nothing under /jib" test ! -e "$r/jib"
  check "$name: no file writable by the container user" test -z "$(find "$r/app" -perm -o+w -not -type l 2>/dev/null | head -1)"
}

check_operator() {
  local name=operator port out
  unpack $name "$ROOT/operator/target/jib-image.tar"
  say "$name: checks"
  check_common $name 8081
  check "$name: entrypoint runs io.hubia.operator.HubiaOperator" test "$(config $name 'c["Entrypoint"][-1]')" = io.hubia.operator.HubiaOperator
  check "$name: classpath file lists the Hubia modules" grep -q 'hubia-crds.*\.jar' "$WORK/$name/rootfs/app/jib-classpath-file"
  # No cluster here: the operator must start its JVM from the image layout, load its classes and
  # its dependencies, and stop on the missing API server with its own error (not a class error).
  port=$(free_port)
  out=$WORK/$name.run.log
  set +e
  timeout 60 bash -c "$(declare -f in_image); OCI=$OCI WORK=$WORK in_image $name \
    HUBIA_HTTP_PORT=$port KUBERNETES_MASTER=https://127.0.0.1:1 KUBERNETES_AUTH_TRYKUBECONFIG=false \
    KUBERNETES_AUTH_TRYSERVICEACCOUNT=false KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT=0 --" >"$out" 2>&1
  local rc=$?
  set -e
  tail -5 "$out"
  check "$name: no class or linkage error" bash -c "! grep -Eq 'ClassNotFoundException|NoClassDefFoundError|UnsatisfiedLinkError|Could not find or load main class' '$out'"
  check "$name: the operator's own code ran (io.hubia.operator in the log)" grep -q 'io.hubia.operator' "$out"
  echo "(exit code $rc without a cluster)"
}

check_runtime() {
  local name=runtime r=$WORK/runtime/rootfs out port pid
  unpack $name "$ROOT/runtime/target/jib-image.tar"
  say "$name: checks"
  check_common $name 8080
  check "$name: entrypoint java ... -jar /app/quarkus-run.jar" test "$(config $name '" ".join(c["Entrypoint"][-2:])')" = "-jar /app/quarkus-run.jar"
  check "$name: fast-jar at /app" test -f "$r/app/quarkus-run.jar" -a -d "$r/app/lib/main" -a -d "$r/app/quarkus"
  local golden
  for golden in $(grep -ho '/opt/hubia/golden/[^ "]*' "$ROOT"/examples/*/*.yaml | sort -u); do
    check "$name: $golden (examples' goldenSet.path)" test -f "$r$golden"
  done
  check "$name: every eval/golden file at /opt/hubia/golden" diff -r "$ROOT/eval/golden" "$r/opt/hubia/golden"

  out=$WORK/$name.eval-help.log
  check "$name: args pass through (eval --help, exit 0)" bash -c "$(declare -f in_image); OCI=$OCI WORK=$WORK in_image $name -- eval --help >'$out' 2>&1"
  check "$name: eval --help prints the usage" grep -q -- '--golden FILE' "$out"

  out=$WORK/$name.audit.log
  set +e; in_image $name -- audit >"$out" 2>&1; local rc=$?; set -e
  check "$name: audit without an action answers its usage (exit $rc)" grep -q 'usage: hubia audit' "$out"

  # the evaluation Job's command line with the image's golden set and a shipped suite, against a
  # runtime that does not answer: both are read (the judge check comes after), then the run stops
  # on the connection; the control with an absent golden set stops before the judge check
  out=$WORK/$name.eval-golden.log
  set +e
  in_image $name -- eval --runtime http://127.0.0.1:9 --workflow assistant-federation \
    --golden /opt/hubia/golden/assistant-federation.yaml --suite unanswerable --out /tmp/eval-report \
    --timeout 2 >"$out" 2>&1
  rc=$?; set -e
  tail -3 "$out"
  check "$name: eval reads /opt/hubia/golden and the shipped suite (exit $rc on the connection)" \
    grep -q 'support judge' "$out"
  set +e
  in_image $name -- eval --runtime http://127.0.0.1:9 --workflow assistant-federation \
    --golden /opt/hubia/golden/absent.yaml --out /tmp/eval-report >"$out.control" 2>&1
  set -e
  check "$name: (control) an absent golden set fails before: $(grep -m1 error "$out.control" | cut -c1-80)" \
    bash -c "! grep -q 'support judge' '$out.control'"

  # the HTTP server (no args), as the runtime Deployment runs it
  port=$(free_port)
  out=$WORK/$name.server.log
  in_image $name QUARKUS_HTTP_PORT="$port" HUBIA_CONFIG_PATH=/tmp/absent.yaml -- >"$out" 2>&1 &
  pid=$!
  local live=""
  for _ in $(seq 1 120); do
    live=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/live" || true)
    [ "$live" = 200 ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 1
  done
  check "$name: server answers /q/health/live 200 on $port" test "$live" = 200
  local java_pid uid
  java_pid=$(java_of $pid)
  uid=$(ps -o uid= -p "$java_pid" 2>/dev/null | tr -d ' ')
  check "$name: the server process runs as uid 10001 (saw '$uid')" test "$uid" = 10001
  [ -n "$java_pid" ] && kill -TERM "$java_pid" 2>/dev/null || true
  wait $pid 2>/dev/null || true
  tail -5 "$out"
  check "$name: server log has no read-only or class error" \
    bash -c "! grep -Eq 'Read-only file system|ClassNotFoundException|NoClassDefFoundError|UnsatisfiedLinkError' '$out'"
}

check_runtime_ingest() {
  local name=runtime dist=$ROOT/opensearch-node/target/opensearch-node node=$WORK/opensearch
  if [ ! -d "$dist/lib" ]; then
    say "$name: ingest not checked ($dist missing: build the opensearch-node module)"
    return
  fi
  say "$name: ingest into an embedded OpenSearch node (as a sync Job)"
  rm -rf "$node" && mkdir -p "$node/tmp"
  mkfifo "$node/stdin"
  local cp="$dist/lib/*"
  local plugin
  for plugin in "$dist"/plugins/*/; do cp="$cp:$plugin*"; done
  java -Xms512m -Xmx512m -XX:+ExitOnOutOfMemoryError "-Djava.io.tmpdir=$node/tmp" -Djava.awt.headless=true \
    -cp "$cp" io.hubia.opensearch.node.OpenSearchNodeLauncher "$node/node" $$ -1 \
    <"$node/stdin" >"$node/out" 2>"$node/err" &
  local node_pid=$!
  exec 3>"$node/stdin" # the node stops when this pipe closes (or this script is gone)
  local url=""
  for _ in $(seq 1 180); do
    url=$(sed -n 's/^HUBIA_OPENSEARCH_READY //p' "$node/out")
    [ -n "$url" ] && break
    kill -0 $node_pid 2>/dev/null || break
    sleep 1
  done
  if [ -z "$url" ]; then
    fail "$name: the embedded OpenSearch node did not start (see $node/err)"
    exec 3>&-
    return
  fi
  ok "OpenSearch node at $url"
  local spec out rc
  spec='{"sources":[{"name":"lyon","type":"Files","files":{"volumeKind":"PersistentVolumeClaim","volumeName":"documents","path":"public","include":["**/*.md"]}}],"chunking":{"strategy":"Structure","maxTokens":128,"overlapTokens":16},"embedding":{"provider":"InProcess"},"labelMapping":{"defaultLabels":["public"]}}'
  out=$WORK/$name.ingest.log
  set +e
  IMAGE_MOUNTS="$ROOT/examples/federation/documents-federation/antennes/lyon:/var/run/hubia/sources/lyon" \
    in_image $name HUBIA_INDEX_NAMESPACE=proof HUBIA_INDEX_NAME=lyon HUBIA_INDEX_GENERATION=1 \
    "HUBIA_INDEX_SPEC=$spec" HUBIA_SYNC_MODE=FullRebuild "HUBIA_OPENSEARCH_URL=$url" \
    HUBIA_OPENSEARCH_REPLICAS=0 HUBIA_TERMINATION_LOG=/tmp/termination-log -- ingest >"$out" 2>&1
  rc=$?
  set -e
  exec 3>&-
  wait $node_pid 2>/dev/null || true
  grep -E 'sync (done|failed)' "$out" || tail -20 "$out"
  check "$name: ingest exits 0 (saw $rc)" test "$rc" = 0
  check "$name: ingest embedded chunks with the in-process model" grep -Eq 'sync done: [1-9][0-9]* documents, [1-9][0-9]* chunks, [1-9][0-9]* embedded' "$out"
  check "$name: ingest log has no read-only or native-library error" \
    bash -c "! grep -Eq 'Read-only file system|UnsatisfiedLinkError|AccessDeniedException' '$out'"
}

push_images() {
  say "jib:build to a throw-away registry on 127.0.0.1"
  [ -f "$WORK/base.tar" ] || build_base
  rm -f "$WORK/registry.port"
  python3 "$ROOT/images/tiny-registry.py" "$WORK/registry.port" 2>"$WORK/registry.log" &
  local registry_pid=$! port="" r pushed built
  for _ in $(seq 1 50); do [ -s "$WORK/registry.port" ] && break; sleep 0.1; done
  port=$(cat "$WORK/registry.port")
  local tag
  tag=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1) # hubia.image.tag
  if (cd "$ROOT" && ./mvnw -B -q -Pimages -DskipTests package jib:build -pl operator,runtime -am \
    "-Dhubia.image.base=tar://$WORK/base.tar" "-Dhubia.image.registry=127.0.0.1:$port" \
    -Djib.allowInsecureRegistries=true) >"$WORK/push.log" 2>&1; then
    ok "jib:build pushed both images to 127.0.0.1:$port"
    for r in operator runtime; do
      pushed=$(curl -sI -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        "http://127.0.0.1:$port/v2/hubia/hubia-$r/manifests/$tag" | tr -d '\r' |
        awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}')
      built=$(python3 -c 'import json,sys,tarfile; t=tarfile.open(sys.argv[1]); print(json.load(t.extractfile("index.json"))["manifests"][0]["digest"])' "$ROOT/$r/target/jib-image.tar")
      check "$r: pushed hubia/hubia-$r:$tag is the tarball's image ($built)" test "$pushed" = "$built"
    done
  else
    fail "jib:build to 127.0.0.1:$port (see $WORK/push.log)"
  fi
  kill $registry_pid 2>/dev/null || true
}

case "${1:-}" in
  --build)
    build_base
    build_images
    ;;
  --push)
    push_images
    ;;
esac
check_operator
check_runtime
check_runtime_ingest
say "done: $FAILURES failure(s); logs in $WORK"
[ "$FAILURES" = 0 ]
