# syntax=docker/dockerfile:1
# Registry server image: built with the .NET SDK, run on the chiseled (distroless, shell-less) ASP.NET Core
# runtime as a non-root user. Build: docker build -t registry . ; run: see README.md, "Deploy".

# The SDK runs on the build machine's own platform and publishes for the target's (docker buildx --platform).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
# `dotnet publish` builds the web UI with npm (Ubuntu's Node.js 18 is enough for its toolchain).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,id=registry-nuget,target=/root/.nuget/packages \
    dotnet publish src/Registry.Cli -c Release -a $TARGETARCH --no-self-contained -o /app
# An empty, app-owned data directory for the runtime stage, which has no shell to create one.
RUN mkdir /data

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app /app
COPY --from=build --chown=1654:1654 /data /data
# Configuration is the "Registry" section through environment variables (Registry__Key, Registry__Dns__Port).
# The ports below are the defaults; change a port here and the matching EXPOSE line together.
ENV PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    Registry__DataDir=/data \
    Registry__BindAddress=0.0.0.0 \
    Registry__HttpPort=8500 \
    Registry__ZooKeeperPort=2181 \
    Registry__Dns__Port=8600 \
    Registry__Dns__BindAddress=0.0.0.0 \
    REGISTRY_ADDR=http://127.0.0.1:8500
# HTTP API and UI; DNS; ZooKeeper clients; peers' quorum and election ports.
EXPOSE 8500/tcp 8600/udp 8600/tcp 2181/tcp 2888/tcp 3888/tcp
VOLUME ["/data"]
# The image's unprivileged "app" user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1654:1654
# No curl in a chiseled image: the CLI itself probes GET /v1/status at REGISTRY_ADDR, exiting 1 when the server
# does not answer (set REGISTRY_ADDR with Registry__HttpPort).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["registry", "status"]
ENTRYPOINT ["registry", "start"]
