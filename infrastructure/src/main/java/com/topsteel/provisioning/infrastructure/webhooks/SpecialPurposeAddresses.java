package com.topsteel.provisioning.infrastructure.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The addresses webhooks may not reach: every block the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries mark as not globally reachable, multicast, and IPv6 outside global unicast.
 * An IPv4 address embedded in an IPv6 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo)
 * is judged as IPv4 too: a NAT64 address is refused only for the address it embeds, the others
 * always, and the reason names the embedded address when that is what makes it internal.
 */
final class SpecialPurposeAddresses {

    /** One block of the table; the first block holding an address decides, so narrower blocks come first. */
    private record Row(AddressBlock block, String kind, boolean globallyReachable, UnaryOperator<byte[]> embeddedIpv4) {
    }

    private static final List<Row> ROWS = List.of(
            refused("0.0.0.0/8", "a \"this network\" (RFC 791) address"),
            refused("10.0.0.0/8", "a private-use (RFC 1918) address"),
            refused("100.64.0.0/10", "a shared address space (RFC 6598) address"),
            refused("127.0.0.0/8", "a loopback (RFC 1122) address"),
            refused("169.254.0.0/16", "a link-local (RFC 3927) address"),
            refused("172.16.0.0/12", "a private-use (RFC 1918) address"),
            // the registry calls 192.0.0.9 and 192.0.0.10 (PCP and TURN anycast) globally reachable:
            // refused with their block all the same, as no webhook receiver is an anycast relay
            refused("192.0.0.0/24", "an IETF protocol assignment (RFC 6890) address"),
            refused("192.0.2.0/24", "a documentation (RFC 5737) address"),
            // AS112, AMT and the AS112 direct delegation are globally reachable DNS sinks and
            // multicast relays, never a webhook receiver: refused like the registry's internal blocks
            refused("192.31.196.0/24", "an AS112 (RFC 7535) address"),
            refused("192.52.193.0/24", "an AMT relay (RFC 7450) address"),
            refused("192.88.99.0/24", "a deprecated 6to4 relay anycast (RFC 7526) address"),
            refused("192.168.0.0/16", "a private-use (RFC 1918) address"),
            refused("192.175.48.0/24", "an AS112 direct delegation (RFC 7534) address"),
            refused("198.18.0.0/15", "a benchmarking (RFC 2544) address"),
            refused("198.51.100.0/24", "a documentation (RFC 5737) address"),
            refused("203.0.113.0/24", "a documentation (RFC 5737) address"),
            refused("224.0.0.0/4", "a multicast (RFC 5771) address"),
            refused("255.255.255.255/32", "the limited broadcast (RFC 919) address"),
            refused("240.0.0.0/4", "a reserved (RFC 1112) address"),

            refused("::/128", "the unspecified (RFC 4291) address"),
            refused("::1/128", "the loopback (RFC 4291) address"),
            embedding("::ffff:0:0/96", "an IPv4-mapped (RFC 4291) address", false, SpecialPurposeAddresses::lastFourBytes),
            embedding("::/96", "an IPv4-compatible (RFC 4291, deprecated) address", false,
                    SpecialPurposeAddresses::lastFourBytes),
            embedding("64:ff9b::/96", "a NAT64 (RFC 6052) address", true, SpecialPurposeAddresses::lastFourBytes),
            refused("64:ff9b:1::/48", "a local-use NAT64 (RFC 8215) address"),
            refused("100::/64", "a discard-only (RFC 6666) address"),
            embedding("2001::/32", "a Teredo (RFC 4380) address", false, SpecialPurposeAddresses::teredoClient),
            refused("2001:2::/48", "a benchmarking (RFC 5180) address"),
            refused("2001:10::/28", "a deprecated ORCHID (RFC 4843) address"),
            // holds a few globally reachable anycast services and ORCHIDv2 identifiers (RFC 7343),
            // none of them a webhook receiver: refused as one block
            refused("2001::/23", "an IETF protocol assignment (RFC 2928) address"),
            refused("2001:db8::/32", "a documentation (RFC 3849) address"),
            embedding("2002::/16", "a 6to4 (RFC 3056) address", false, SpecialPurposeAddresses::sixToFourSite),
            refused("2620:4f:8000::/48", "an AS112 direct delegation (RFC 7534) address"),
            refused("3fff::/20", "a documentation (RFC 9637) address"),
            refused("5f00::/16", "a segment routing SID (RFC 9602) address"),
            refused("fc00::/7", "a unique-local (RFC 4193) address"),
            refused("fe80::/10", "a link-local (RFC 4291) address"),
            refused("fec0::/10", "a deprecated site-local (RFC 3879) address"),
            refused("ff00::/8", "a multicast (RFC 4291) address"),
            // what is left outside 2000::/3 is unassigned: nothing there answers on the internet
            refused("::/3", "an address outside IPv6 global unicast 2000::/3 (RFC 4291)"),
            refused("4000::/2", "an address outside IPv6 global unicast 2000::/3 (RFC 4291)"),
            refused("8000::/1", "an address outside IPv6 global unicast 2000::/3 (RFC 4291)"));

    private SpecialPurposeAddresses() {
    }

    /** What makes the address internal, as "10.0.0.1, a private-use (RFC 1918) address"; empty when it is public. */
    static Optional<String> whyNotGlobal(InetAddress address) {
        return whyNotGlobal(address.getAddress()).map(kind -> address.getHostAddress() + ", " + kind);
    }

    private static Optional<String> whyNotGlobal(byte[] address) {
        for (Row row : ROWS) {
            if (row.block().contains(address)) {
                return judge(row, address);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> judge(Row row, byte[] address) {
        if (row.embeddedIpv4() != null) {
            byte[] ipv4 = row.embeddedIpv4().apply(address);
            Optional<String> embedded = whyNotGlobal(ipv4);
            if (embedded.isPresent()) {
                return Optional.of(row.kind() + " embedding " + text(ipv4) + ", " + embedded.get());
            }
        }
        return row.globallyReachable() ? Optional.empty() : Optional.of(row.kind());
    }

    private static Row refused(String cidr, String kind) {
        return new Row(AddressBlock.of(cidr), kind, false, null);
    }

    private static Row embedding(String cidr, String kind, boolean globallyReachable, UnaryOperator<byte[]> embeddedIpv4) {
        return new Row(AddressBlock.of(cidr), kind, globallyReachable, embeddedIpv4);
    }

    private static byte[] lastFourBytes(byte[] ipv6) {
        return Arrays.copyOfRange(ipv6, 12, 16);
    }

    /** 2002:AABB:CCDD::/48 is the 6to4 site behind the IPv4 address AA.BB.CC.DD (RFC 3056). */
    private static byte[] sixToFourSite(byte[] ipv6) {
        return Arrays.copyOfRange(ipv6, 2, 6);
    }

    /** The Teredo client's public IPv4 address is the last 32 bits, each inverted (RFC 4380). */
    private static byte[] teredoClient(byte[] ipv6) {
        byte[] client = lastFourBytes(ipv6);
        for (int i = 0; i < client.length; i++) {
            client[i] = (byte) ~client[i];
        }
        return client;
    }

    private static String text(byte[] ipv4) {
        try {
            return InetAddress.getByAddress(ipv4).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
