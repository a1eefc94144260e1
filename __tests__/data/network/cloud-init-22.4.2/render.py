"""Render Azure's network config through cloud-init's own renderers (see README.md)."""
import sys, os
from unittest import mock
sys.path.insert(0, sys.argv[1])  # .../dist-packages of the extracted cloud-init .deb
out = sys.argv[2]
from cloudinit.sources import DataSourceAzure as az
from cloudinit.net import network_state, netplan, eni, sysconfig, networkd, network_manager

imds_network = {"interface": [{
    "macAddress": "000D3A047598",
    "ipv4": {"subnet": [{"prefix": "24", "address": "10.0.0.0"}],
             "ipAddress": [{"privateIpAddress": "10.0.0.4", "publicIpAddress": ""}]},
    "ipv6": {"ipAddress": []}}]}
with mock.patch.object(az, "device_driver", return_value="hv_netvsc"):
    cfg = az.generate_network_config_from_instance_network_metadata(imds_network)
ns = network_state.parse_net_config_data(cfg)
from cloudinit.distros import debian, rhel, opensuse
renderers = {
    # netplan joins its path with os.path.join, so an absolute path would escape the target: make it relative.
    "netplan": (netplan.Renderer, {**debian.Distro.renderer_configs["netplan"], "netplan_path": "etc/netplan/50-cloud-init.yaml"}),
    "eni": (eni.Renderer, debian.Distro.renderer_configs["eni"]),
    "sysconfig-rhel": (sysconfig.Renderer, rhel.Distro.renderer_configs["sysconfig"]),
    "sysconfig-suse": (sysconfig.Renderer, opensuse.Distro.renderer_configs["sysconfig"]),
    "networkd": (networkd.Renderer, {}),
    "network-manager": (network_manager.Renderer, {}),
}
# 22.4.2's NetworkManager renderer reads iface["wakeonlan"], which v2 parsing only sets when given:
# give it the default (False) so that renderer runs; it writes nothing for False.
nm_cfg = {**cfg, "ethernets": {k: {**v, "wakeonlan": False} for k, v in cfg["ethernets"].items()}}
nm_ns = network_state.parse_net_config_data(nm_cfg)
with mock.patch("cloudinit.util.subp"), mock.patch("cloudinit.subp.subp"):
    for name, (cls, rcfg) in renderers.items():
        target = os.path.join(out, name)
        os.makedirs(target, exist_ok=True)
        try:
            cls(rcfg).render_network_state(nm_ns if name == "network-manager" else ns, target=target)
        except Exception as e:  # record, don't hide
            print(name, "failed:", repr(e))
print(cfg)
