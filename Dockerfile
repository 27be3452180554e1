# syntax=docker/dockerfile:1
#
# Spor's container image: a static Go binary on distroless.
#
#   docker build -t spor .
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://... spor
#
# The image has no PostgreSQL server binaries, so the private cluster (DATA_DIR)
# is not available inside it: DATABASE_URL must point at a real PostgreSQL 15+.
# Uploaded documents live in the database, so the container itself is stateless
# and any number of replicas can run side by side (sessions are in Postgres too).

# ---- build ----------------------------------------------------------------
# Runs on the builder's own platform and cross-compiles (CGO is off), so
# `docker buildx build --platform linux/amd64,linux/arm64 .` needs no emulation.
# Image versions are pinned (a rebuild next month gets the same toolchain); raise
# them on purpose, or pin digests (name:tag@sha256:...) for byte-for-byte rebuilds.
FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src

# Dependencies first: this layer is reused until go.mod or go.sum changes.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

# The generated *_templ.go files are committed, so no `templ generate` step here.
COPY . .
# -tags timetzdata embeds the time-zone database in the binary, so meeting times
# in Europe/Copenhagen or Europe/Stockholm are right whatever the base image holds.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/spor ./cmd/spor

# ---- run ------------------------------------------------------------------
# distroless/static: CA certificates, tzdata, /etc/passwd with the nonroot user
# (uid 65532), and nothing else: no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="Spor" \
      org.opencontainers.image.description="Portal for national library competence programmes"

COPY --from=build /out/spor /spor

ENV ADDR=:8080 \
    LOG_FORMAT=json
EXPOSE 8080
USER nonroot:nonroot

# distroless has no shell, curl or wget, so the binary checks itself: `spor
# healthcheck` exits 0 when /readyz on ADDR answers 200 (the database is reachable).
# Kubernetes ignores HEALTHCHECK: probe GET /healthz (liveness) and /readyz
# (readiness) with httpGet there.
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=3 \
    CMD ["/spor", "healthcheck"]
ENTRYPOINT ["/spor"]
CMD ["serve"]
