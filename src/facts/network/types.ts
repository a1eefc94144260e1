/**
 * Network configuration as the gate models it: every config format is parsed into
 * `InterfaceConfig` records (one per interface definition) so the in-force decision and
 * the NET-* rules judge them the same way whatever file they came from.
 */

/** A network manager that can run in the guest and bring interfaces up at boot. */
export type StackId = 'systemd-networkd' | 'NetworkManager' | 'ifupdown' | 'network-scripts' | 'wicked';

/** The file format a definition came from. */
export type ConfigFormat = 'netplan' | 'eni' | 'ifcfg-rhel' | 'ifcfg-suse' | 'nm-keyfile' | 'networkd';

/** How IPv4 is obtained: DHCP, fixed addresses, left alone (manual/none), loopback, or disabled. */
export type Ipv4Method = 'dhcp' | 'static' | 'manual' | 'loopback' | 'disabled';

/** A 1-based line of a guest file with its trimmed text: the evidence for a fact. */
export interface SourceLine {
  line: number;
  excerpt: string;
  /** Guest path, when not the definition's own file (a netplan setting merged from a later file). */
  path?: string;
}

/**
 * What a definition matches. Every listed criterion must hold (netplan `match`, networkd
 * `[Match]` and NM are all conjunctive). An empty object matches any interface.
 */
export interface InterfaceMatch {
  /** Interface-name globs (`eth0`, `en*`). */
  names?: string[];
  /** MAC addresses, lower-case colon form. */
  macs?: string[];
  /** Kernel driver names or globs (`hv_netvsc`). */
  drivers?: string[];
  /** Where the MAC criterion is written. */
  macLine?: SourceLine;
  /** Other criteria that Azure's primary NIC does not meet or that cannot be judged from the image (networkd `Virtualization=container`, `Path=`, `Host=` ...). */
  unmet?: string[];
}

/** One interface definition from one config format (after merging, for netplan). */
export interface InterfaceConfig {
  /** Format of the file that holds it. */
  format: ConfigFormat;
  /** Guest path of the (main) file. */
  path: string;
  /** The definition's line (netplan id, `iface` stanza, [Match] section, DEVICE=...). */
  line: number;
  /** Short excerpt of that line. */
  excerpt: string;
  /** Name the definition goes by: netplan id, ENI interface, ifcfg suffix, NM connection id, networkd file name. */
  id: string;
  match: InterfaceMatch;
  /** How another reader matches the same definition, where it differs (an ifcfg file without DEVICE= and HWADDR=: any NIC for NetworkManager, none for initscripts). */
  matchByReader?: Partial<Record<StackId, InterfaceMatch>>;
  /** Name the definition renames the interface to (netplan `set-name`, .link `Name=`). */
  setName?: string;
  /** IPv4 method. */
  ipv4: Ipv4Method;
  /** Static IPv4 addresses (CIDR or as written). */
  staticIpv4: string[];
  /** Where the static addressing or the non-DHCP method is written. */
  ipv4Line?: SourceLine;
  /** IPv4 addresses added besides DHCP (ENI: a static `iface` stanza next to a DHCP one for the same interface). */
  extraIpv4?: string[];
  /** ENI `iface <name> inet6 dhcp`: ifup waits for a DHCPv6 lease when it brings the interface up. */
  dhcp6?: SourceLine;
  /** A MAC address the definition forces onto the interface (MACADDR=, hwaddress, cloned-mac-address, [Link] MACAddress=). */
  setsMac?: { mac: string } & SourceLine;
  /** Whether the definition is brought up at boot (ONBOOT, STARTMODE, auto/allow-hotplug, autoconnect, ActivationPolicy, activation-mode); undefined if the format has no such switch. */
  startsAtBoot?: boolean;
  /** The line that sets it (absent when the format's default applies: ENI without an `auto` line, SUSE without STARTMODE). */
  bootSwitch?: SourceLine;
  /** Which stacks read this definition (netplan: its renderer's). */
  readBy: StackId[];
  /** For netplan: the renderer chosen (`networkd` or `NetworkManager`). */
  renderer?: 'networkd' | 'NetworkManager';
  /** The bond or bridge this interface is enslaved to: its addressing is the master's, not its own. */
  memberOf?: string;
  /** The virtual device this definition creates (a bridge, bond, team or Open vSwitch part), not a NIC: it never configures eth0 itself. */
  createsDevice?: VirtualDevice;
  /** Ports a master lists on its own side (SUSE BRIDGE_PORTS / BONDING_SLAVE_n): they become memberOf this definition. */
  portsListed?: string[];
  /** Other names a port's master reference may use for this definition (NetworkManager: the profile's UUID and id). */
  aliases?: string[];
  /** For ifcfg: NM_CONTROLLED=no (NetworkManager ignores it). */
  nmControlled?: boolean;
}

/** Virtual devices a port can be enslaved to, and Open vSwitch's parts (NetworkManager models a port and an internal interface per bridge). */
export type VirtualDevice = 'bridge' | 'bond' | 'team' | 'ovs-bridge' | 'ovs-port' | 'ovs-interface';

/** Why a definition is or is not in force on the first Azure boot. */
export interface InForce {
  /** The image's own network stack reads it at boot and nothing replaces it first. */
  inForce: boolean;
  /** One sentence: which stack reads it and whether it runs, or what shadows it. */
  reason: string;
}

/** How a definition relates to the primary NIC Azure gives the VM: eth0, hv_netvsc, new MAC. */
export interface AzureApplicability {
  /** It would configure Azure's eth0. */
  appliesToEth0: boolean;
  /** It can only match the build machine's NIC (MAC criterion), so it never applies on Azure. */
  macBound: boolean;
  /** It names only interfaces that do not exist on Azure (ens*, enp*, eno* ...). */
  namesOnlyAbsent: boolean;
  /** Plain-language reason. */
  reason: string;
}

/** Whether cloud-init wrote a file and will write it again for the new instance. */
export interface CloudInitOrigin {
  /** The file is one cloud-init's network renderers write (by path and marker). */
  generated: boolean;
  /** cloud-init is installed, enabled and its network configuration is not disabled: it rewrites the file on the new instance. */
  regenerated: boolean;
}

/** A definition with the decisions the rules need. */
export interface JudgedInterfaceConfig extends InterfaceConfig {
  inForce: InForce;
  azure: AzureApplicability;
  cloudInit: CloudInitOrigin;
  /** For a port (memberOf): the master's addressing, which is what the port's NIC gets. */
  viaMaster?: MasterAddressing;
}

/** A definition that carries a master's IPv4 (the bridge or bond itself, or an Open vSwitch internal interface on the bridge). */
export type AddressCarrier = Pick<JudgedInterfaceConfig, 'format' | 'path' | 'line' | 'excerpt' | 'id' | 'ipv4' | 'staticIpv4' | 'ipv4Line' | 'inForce' | 'cloudInit'>;

/** Where a port's addressing comes from. */
export interface MasterAddressing {
  /** Masters from the port up: ['bond0'], or ['port-eth0', 'br0'] for NetworkManager's Open vSwitch. */
  chain: string[];
  /** Something read by the port's stack defines the top master. */
  defined: boolean;
  /** Definitions carrying the top master's IPv4, judged; empty when the master is not defined, or (Open vSwitch) has no internal interface. */
  carriers: AddressCarrier[];
}

/** A udev rule or .link file that binds an interface name to a MAC. */
export interface PersistentNameBinding {
  path: string;
  line: number;
  excerpt: string;
  mac: string;
  /** The name it gives the interface. */
  name: string;
  /** What kind of file: 70-persistent-net.rules style udev rule or a systemd .link file. */
  kind: 'udev-rule' | 'link-file';
  cloudInit: CloudInitOrigin;
}

/** The old udev persistent-net generator, which writes new bindings at every boot unless masked. */
export interface PersistentNetGenerator {
  /** Guest path of the generator rules file that is in effect. */
  path: string;
  /** /etc/udev/rules.d/75-persistent-net-generator.rules masks it (link to /dev/null or empty). */
  masked: boolean;
  /** Guest path of write_net_rules, the program the rules run to write 70-persistent-net.rules; absent, the rules write nothing. */
  writer?: string;
  /** It runs on the first boot and writes a binding for the new NIC: not masked and write_net_rules present. */
  writes: boolean;
}

/** One network manager: is it present and does it run at boot. */
export interface StackState {
  id: StackId;
  /** Its unit is enabled at boot (or pulled in by netplan's generator); undefined if unknown. */
  active: boolean | undefined;
  /** Why: the unit and its state. */
  reason: string;
}

/** NetworkManager's automatic DHCP profile ("Wired connection 1") for Azure's eth0. */
export interface NmAutoDefault {
  /** NetworkManager runs and creates it: nothing it loads matches eth0 and no-auto-default does not name it. */
  gives: boolean;
  /** One sentence: why it is or is not created. */
  reason: string;
  /** The setting or profile that prevents it. */
  at?: { path: string; line: number; excerpt: string };
}
