import KerioSIEM

/// The names, rules and addresses ``SampleLogGenerator`` draws from: realistic, but all invented or taken from
/// documentation ranges and public rule sets, never from a real network.
enum SampleVocabulary {
    /// An IPS rule as Kerio logs it: `gid:sid name`, the protocol its traffic usually has, and the severity class it
    /// is filed under (0 High, 1 Medium, 2 Low).
    struct Rule {
        var sid: Int
        var name: StaticString
        var transport: Transport
        var severity: Int
    }

    enum Transport { case tcp, udp, icmp }

    /// Emerging Threats / GPL style signatures (sids and names as the public rule sets spell them).
    static let rules: [Rule] = [
        Rule(sid: 2_010_575, name: "ET TROJAN ASProtect/ASPack Packed Binary", transport: .tcp, severity: 0),
        Rule(sid: 2_008_575, name: "ET TROJAN ASProtect/ASPack Packed Binary", transport: .tcp, severity: 0),
        Rule(sid: 2_018_856, name: "ET TROJAN Windows executable base64 encoded", transport: .tcp, severity: 0),
        Rule(sid: 2_021_076, name: "ET TROJAN Possible Dridex Download", transport: .tcp, severity: 0),
        Rule(
            sid: 2_027_865, name: "ET TROJAN Observed Malicious SSL Cert (Cobalt Strike)", transport: .tcp, severity: 0),
        Rule(
            sid: 2_024_897, name: "ET EXPLOIT Apache Struts 2 REST Plugin XStream RCE (CVE-2017-9805)", transport: .tcp,
            severity: 0),
        Rule(
            sid: 2_024_217, name: "ET EXPLOIT Possible ETERNALBLUE MS17-010 Echo Response", transport: .tcp, severity: 0
        ),
        Rule(
            sid: 2_034_647, name: "ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)", transport: .tcp,
            severity: 0),
        Rule(
            sid: 2_012_887, name: "ET POLICY Http Client Body contains pass= in cleartext", transport: .tcp, severity: 1
        ),
        Rule(
            sid: 2_013_504, name: "ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management",
            transport: .tcp, severity: 2),
        Rule(sid: 2_014_726, name: "ET POLICY Outdated Windows Flash Version IE", transport: .tcp, severity: 1),
        Rule(sid: 2_003_068, name: "ET SCAN Potential SSH Scan OUTBOUND", transport: .tcp, severity: 1),
        Rule(sid: 2_001_219, name: "ET SCAN Potential SSH Scan", transport: .tcp, severity: 1),
        Rule(sid: 2_002_910, name: "ET SCAN Potential VNC Scan 5800-5820", transport: .tcp, severity: 1),
        Rule(sid: 2_002_911, name: "ET SCAN Potential VNC Scan 5900-5920", transport: .tcp, severity: 1),
        Rule(sid: 2_010_937, name: "ET SCAN Suspicious inbound to mySQL port 3306", transport: .tcp, severity: 1),
        Rule(sid: 2_010_935, name: "ET SCAN Suspicious inbound to MSSQL port 1433", transport: .tcp, severity: 1),
        Rule(sid: 2_008_578, name: "ET SCAN Sipvicious Scan", transport: .udp, severity: 1),
        Rule(
            sid: 2_011_716, name: "ET SCAN Sipvicious User-Agent Detected (friendly-scanner)", transport: .udp,
            severity: 1),
        Rule(sid: 2_027_758, name: "ET DNS Query for .cc TLD", transport: .udp, severity: 2),
        Rule(
            sid: 2_014_702, name: "ET DNS Non-DNS or Non-Compliant DNS traffic on DNS port Opcode 8 through 15 set",
            transport: .udp, severity: 2),
        Rule(
            sid: 2_016_149, name: "ET INFO Session Traversal Utilities for NAT (STUN Binding Request)", transport: .udp,
            severity: 2),
        Rule(sid: 2_019_401, name: "ET POLICY Vulnerable Java Version 1.8.x Detected", transport: .tcp, severity: 1),
        Rule(sid: 2_013_028, name: "ET POLICY curl User-Agent Outbound", transport: .tcp, severity: 2),
        Rule(
            sid: 2_022_973, name: "ET INFO Possible Kali Linux hostname in DHCP Request Packet", transport: .udp,
            severity: 2),
        Rule(sid: 2_100_366, name: "GPL ICMP_INFO PING *NIX", transport: .icmp, severity: 2),
        Rule(sid: 2_100_384, name: "GPL ICMP_INFO PING", transport: .icmp, severity: 2),
        Rule(sid: 2_100_408, name: "GPL ICMP_INFO Echo Reply", transport: .icmp, severity: 2),
        Rule(
            sid: 2_100_402, name: "GPL ICMP_INFO Destination Unreachable Port Unreachable", transport: .icmp,
            severity: 2),
        Rule(sid: 2_101_390, name: "GPL SHELLCODE x86 inc ebx NOOP", transport: .tcp, severity: 0),
        Rule(sid: 2_009_702, name: "ET POLICY DNS Update From External net", transport: .udp, severity: 1),
        Rule(
            sid: 2_025_275, name: "ET WEB_SERVER Possible XXE SYSTEM ENTITY in POST BODY.", transport: .tcp, severity: 0
        ),
        Rule(sid: 2_011_768, name: "ET WEB_SERVER PHP tags in HTTP POST", transport: .tcp, severity: 1),
        Rule(sid: 2_016_141, name: "ET INFO Executable Download from dotted-quad Host", transport: .tcp, severity: 1),
        Rule(sid: 3_000_001, name: "KERIO IPS Test Signature - High Severity", transport: .tcp, severity: 0),
        Rule(sid: 3_000_002, name: "KERIO IPS Test Signature - Medium Severity", transport: .tcp, severity: 1),
        Rule(sid: 3_000_003, name: "KERIO IPS Test Signature - Low Severity", transport: .tcp, severity: 2),
    ]

    /// Blacklist families: the name prefix (followed by ` group N`) and the first sid of the family.
    static let blacklists: [(name: StaticString, firstSID: Int)] = [
        ("ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic", 2_522_000),
        ("ET TOR Known Tor Exit Node Traffic", 2_520_000),
        ("ET DROP Dshield Block Listed Source", 2_402_000),
        ("ET CINS Active Threat Intelligence Poor Reputation IP", 2_403_300),
        ("ET COMPROMISED Known Compromised or Hostile Host Traffic", 2_500_000),
        ("ET DROP Spamhaus DROP Listed Traffic Inbound", 2_400_000),
    ]

    /// Public-looking first octets (no private, loopback, multicast or reserved ranges).
    static let publicFirstOctets: [Int] = [
        5, 23, 31, 37, 45, 46, 52, 62, 77, 78, 80, 82, 85, 89, 91, 93, 94, 95, 103, 104, 109, 141, 146, 151, 171, 176,
        178, 185, 188, 193, 194, 195, 198, 203, 212, 213, 217,
    ]

    static let internalHosts: [StaticString] = [
        "wsmith-pc.company.com", "fileserver.company.local", "laptop-eva.company.local", "printer-2.company.local",
        "dc01.company.local", "nas.company.local", "reception-pc.company.local", "build-07.company.local",
        "meeting-room-tv.company.local", "jnovak-nb.company.local",
    ]

    static let externalHosts: [StaticString] = [
        "hosted-by.example.com", "www.kerio.com", "mail.example.net", "cdn-eu.example.org", "scanner.example.net",
        "static.203-0-113-7.example.com", "vps-1182.example.org", "tor-exit.example.net", "update.example.com",
        "mirror.example.org",
    ]

    static let users: [StaticString] = [
        "wsmith", "jnovak", "eva.svobodova", "admin", "jsmith", "m.kral", "petr.dvorak", "alice", "bob", "helpdesk",
        "backup", "k.horakova",
    ]

    static let interfaces: [StaticString] = ["LAN", "WAN", "Internet (Cable)", "Guest Wi-Fi", "VPN"]

    static let tcpFlags: [StaticString] = [
        "SYN", "SYN", "SYN", "ACK", "SYN ACK", "ACK PSH", "FIN ACK", "RST", "RST ACK",
    ]

    static let tcpWindows: [Int] = [1024, 8192, 16384, 29200, 64240, 65535]

    static let serverPorts: [Int] = [
        80, 443, 443, 443, 22, 25, 53, 110, 123, 143, 445, 993, 1433, 3306, 3389, 5060, 5900, 8080, 8443, 4444,
    ]

    static let authServices: [StaticString] = ["WebAdmin", "WebInterface", "HTTP Proxy", "VPN Client", "Admin"]
    static let authServiceWeights: [Int] = [30, 25, 20, 20, 5]

    /// Antivirus engine strings (with their release dates, in both spellings Kerio uses).
    static let antivirusEngines: [StaticString] = [
        "AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)",
        "AVCORE v2.2 Linux/x86_64 11.0.1.19 (March 15, 2021)",
        "AVCORE v2.2 Linux/x86_64 11.0.1.21 (Jan 10, 2024)",
    ]

    static let syslogHosts: [StaticString] = ["fw1.company.local", "kerio-control", "gw-prague"]

    static let monthNames: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
}
