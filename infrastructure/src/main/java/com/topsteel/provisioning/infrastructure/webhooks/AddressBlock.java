package com.topsteel.provisioning.infrastructure.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address block in CIDR notation, matched on the address bytes: an IPv4 block holds only
 * 4-byte addresses, an IPv6 block only 16-byte ones. The bytes are the very ones a connection
 * would use, so no second parser can read the address differently.
 */
final class AddressBlock {

    private final String cidr;
    private final byte[] prefix;
    private final int bits;

    private AddressBlock(String cidr, byte[] prefix, int bits) {
        if (bits < 0 || bits > prefix.length * 8) {
            throw new IllegalArgumentException(cidr + ": a prefix length beyond the address");
        }
        this.cidr = cidr;
        this.prefix = prefix;
        this.bits = bits;
    }

    /** {@code 100.64.0.0/10}, {@code fc00::/7}: literals only, never a name to look up. */
    static AddressBlock of(String cidr) {
        int slash = cidr.indexOf('/');
        String literal = cidr.substring(0, slash);
        if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
            throw new IllegalArgumentException(cidr + ": not an address literal");
        }
        byte[] prefix;
        try {
            prefix = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr + ": not an address literal", e);
        }
        if (literal.contains(":") && prefix.length == 4) {
            // Java reads ::ffff:a.b.c.d as the IPv4 address a.b.c.d; the block means the IPv6 form
            prefix = ipv4Mapped(prefix);
        }
        return new AddressBlock(cidr, prefix, Integer.parseInt(cidr.substring(slash + 1)));
    }

    boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        int wholeBytes = bits / 8;
        if (!Arrays.equals(address, 0, wholeBytes, prefix, 0, wholeBytes)) {
            return false;
        }
        int restBits = bits % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - restBits)) & 0xff;
        return (address[wholeBytes] & mask) == (prefix[wholeBytes] & mask);
    }

    static byte[] ipv4Mapped(byte[] ipv4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, mapped, 12, 4);
        return mapped;
    }

    @Override
    public String toString() {
        return cidr;
    }
}
