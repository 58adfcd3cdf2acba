#!/usr/bin/env bash
# Builds the three images (operator, trainer, evaluator) from this checkout, pushes them, and with
# --set-manifests names them in manifests/operator/kustomization.yaml (its `images:`), so that
# `kubectl apply -k manifests/` deploys what was built. No make, no Maven plugin: the Maven build,
# then one `docker build` per image from its Dockerfile (docs/images.md).
#
#   tools/images/build-and-push.sh REGISTRY TAG [--cuda] [--no-push] [--set-manifests] [--skip-maven]
#
#   REGISTRY        e.g. registry.example.com/ml; images are REGISTRY/xmcgan-operator:TAG, …
#   --cuda          also the CUDA 12.8 trainer and evaluator, tagged TAG-cu128 (docs/gpu.md)
#   --no-push       build only
#   --set-manifests rewrite the `images:` of manifests/operator/kustomization.yaml
#   --skip-maven    use the artifacts of an earlier `./mvnw -B clean package -DskipTests`
#
# CONTAINER_CLI picks the builder (default docker; podman takes the same arguments).
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 64
}

[[ $# -ge 2 ]] || usage
registry=${1%/}
tag=$2
shift 2
cuda=false push=true set_manifests=false maven=true
for arg in "$@"; do
  case $arg in
    --cuda) cuda=true ;;
    --no-push) push=false ;;
    --set-manifests) set_manifests=true ;;
    --skip-maven) maven=false ;;
    *) echo "unknown option: $arg" >&2; usage ;;
  esac
done
if [[ ! $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  echo "TAG '$tag' is not a valid image tag (letters, digits, '_', '.', '-'; at most 128)" >&2
  exit 64
fi
if [[ -z $registry || $registry =~ [[:space:]:@] && ! $registry =~ ^[^/]+:[0-9]+(/.*)?$ ]]; then
  echo "REGISTRY '$registry' is not a registry path such as registry.example.com/ml" >&2
  exit 64
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cli=${CONTAINER_CLI:-docker}

if $maven; then
  # clean: an older target/lib/ may still hold libtorch jars, which the Dockerfiles refuse.
  ./mvnw -B clean package -DskipTests
fi

built=()
build() { # NAME CONTEXT [BUILD ARGS…]
  local image=$registry/$1:$2 context=$3
  shift 3
  "$cli" build "$@" -t "$image" "$context"
  built+=("$image")
}
build xmcgan-operator "$tag" operator
build xmcgan-trainer "$tag" trainer-image
build xmcgan-evaluator "$tag" evaluator-image
if $cuda; then
  build xmcgan-trainer "$tag-cu128" trainer-image --build-arg FLAVOR=cu128
  build xmcgan-evaluator "$tag-cu128" evaluator-image --build-arg FLAVOR=cu128
fi

if $push; then
  for image in "${built[@]}"; do
    "$cli" push "$image"
  done
fi

if $set_manifests; then
  # The operator's CUDA images follow the trainer's and evaluator's tag with -cu128
  # (operator/src/main/resources/application.properties): one entry per image is enough.
  kustomization=manifests/operator/kustomization.yaml
  block=$(mktemp)
  {
    echo "images:"
    for name in xmcgan-operator xmcgan-trainer xmcgan-evaluator; do
      echo "  - name: ghcr.io/xmcgan/$name"
      echo "    newName: $registry/$name"
      echo "    newTag: \"$tag\""
    done
  } >"$block"
  # Everything up to the `images:` line stays; the block replaces the rest (it is the file's end).
  sed '/^images:/,$d' "$kustomization" | cat - "$block" >"$kustomization.new"
  mv "$kustomization.new" "$kustomization"
  rm -f "$block"
  echo "manifests/operator/kustomization.yaml now names $registry/…:$tag"
fi

printf 'built%s:\n' "$($push && echo ' and pushed')"
printf '  %s\n' "${built[@]}"
