# Sourced by the comparison scripts. srvr PORT: the `srvr` four-letter-word answer of the ZooKeeper-protocol server
# on 127.0.0.1:PORT (Registry or Apache ZooKeeper), or nothing when it does not answer within 2 s: a server that is
# still starting may accept the connection and stay silent.
srvr() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && echo srvr >&3 && cat <&3' _ "$1" 2>/dev/null || true
}
