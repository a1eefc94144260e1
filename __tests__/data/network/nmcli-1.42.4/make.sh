#!/bin/sh
# Regenerates the keyfiles in this directory with NetworkManager's own writer, no daemon needed:
# Debian 12 `apt-get install network-manager` (nmcli 1.42.4), then `sh make.sh` here.
# nmcli prints "Warning: master='x' doesn't refer to any existing profile." on stdout for a port
# written before its controller; that line is not part of the keyfile and is dropped.
set -e
cd "$(dirname "$0")"
g() { out="$1"; shift; nmcli --offline connection add "$@" | grep -v '^Warning: ' > "$out"; }
g wired-any-autoconnect-no.nmconnection type ethernet con-name 'Wired any' connection.autoconnect no
g eth0-dhcp-autoconnect-no.nmconnection type ethernet con-name eth0 ifname eth0 connection.autoconnect no
g eth0-static.nmconnection type ethernet con-name eth0 ifname eth0 ipv4.method manual ipv4.addresses 10.0.0.4/24 ipv4.gateway 10.0.0.1
g br0-dhcp.nmconnection type bridge con-name br0 ifname br0 ipv4.method auto
g br0-static.nmconnection type bridge con-name br0 ifname br0 ipv4.method manual ipv4.addresses 10.0.0.4/24
g br0-port-eth0.nmconnection type ethernet con-name br0-port-eth0 ifname eth0 master br0 slave-type bridge
g bond0-static.nmconnection type bond con-name bond0 ifname bond0 bond.options mode=active-backup ipv4.method manual ipv4.addresses 10.0.0.4/24
g bond0-port-eth0.nmconnection type ethernet con-name bond0-port-eth0 ifname eth0 master bond0 slave-type bond
g ovs-bridge.nmconnection type ovs-bridge con-name ovs-br0 conn.interface br0
g ovs-port-eth0.nmconnection type ovs-port con-name ovs-port-eth0 conn.interface port-eth0 master br0 slave-type ovs-bridge
g ovs-eth0.nmconnection type ethernet con-name ovs-eth0 conn.interface eth0 master port-eth0 slave-type ovs-port
g ovs-port-br0.nmconnection type ovs-port con-name ovs-port-br0 conn.interface port-br0 master br0 slave-type ovs-bridge
g ovs-interface-br0-dhcp.nmconnection type ovs-interface con-name ovs-if-br0 slave-type ovs-port conn.interface br0 master port-br0 ipv4.method auto
