package com.topsteel.provisioning.infrastructure.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server-side request forgery table: one address at least in every block of the IANA IPv4 and
 * IPv6 Special-Purpose Address Registries that is not globally reachable, the addresses of a
 * hostile-client probe, and public addresses that must still work. IP literals only: no DNS.
 */
class WebhookAddressesTest {

    private final WebhookUrlPolicy policy = new WebhookUrlPolicy(Set.of());

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://0.0.0.0/                   | 0.0.0.0, a "this network" (RFC 791) address
            http://0.1.2.3/                   | 0.1.2.3, a "this network" (RFC 791) address
            http://10.0.0.1/                  | 10.0.0.1, a private-use (RFC 1918) address
            http://10.255.255.255/            | 10.255.255.255, a private-use (RFC 1918) address
            http://100.64.0.1/                | 100.64.0.1, a shared address space (RFC 6598) address
            http://100.100.100.200/latest     | 100.100.100.200, a shared address space (RFC 6598) address
            http://100.127.255.255/           | 100.127.255.255, a shared address space (RFC 6598) address
            http://127.0.0.1/                 | 127.0.0.1, a loopback (RFC 1122) address
            http://127.255.0.1/               | 127.255.0.1, a loopback (RFC 1122) address
            http://169.254.169.254/           | 169.254.169.254, a link-local (RFC 3927) address
            http://172.16.0.1/                | 172.16.0.1, a private-use (RFC 1918) address
            http://172.31.255.255/            | 172.31.255.255, a private-use (RFC 1918) address
            http://192.0.0.1/                 | 192.0.0.1, an IETF protocol assignment (RFC 6890) address
            http://192.0.0.9/                 | 192.0.0.9, an IETF protocol assignment (RFC 6890) address
            http://192.0.0.170/               | 192.0.0.170, an IETF protocol assignment (RFC 6890) address
            http://192.0.2.1/                 | 192.0.2.1, a documentation (RFC 5737) address
            http://192.31.196.1/              | 192.31.196.1, an AS112 (RFC 7535) address
            http://192.52.193.1/              | 192.52.193.1, an AMT relay (RFC 7450) address
            http://192.88.99.1/               | 192.88.99.1, a deprecated 6to4 relay anycast (RFC 7526) address
            http://192.168.1.1/               | 192.168.1.1, a private-use (RFC 1918) address
            http://192.175.48.1/              | 192.175.48.1, an AS112 direct delegation (RFC 7534) address
            http://198.18.0.1/                | 198.18.0.1, a benchmarking (RFC 2544) address
            http://198.19.255.255/            | 198.19.255.255, a benchmarking (RFC 2544) address
            http://198.51.100.7/              | 198.51.100.7, a documentation (RFC 5737) address
            http://203.0.113.7/               | 203.0.113.7, a documentation (RFC 5737) address
            http://224.0.0.1/                 | 224.0.0.1, a multicast (RFC 5771) address
            http://239.255.255.250/           | 239.255.255.250, a multicast (RFC 5771) address
            http://240.0.0.1/                 | 240.0.0.1, a reserved (RFC 1112) address
            http://255.255.255.254/           | 255.255.255.254, a reserved (RFC 1112) address
            http://255.255.255.255/           | 255.255.255.255, the limited broadcast (RFC 919) address
            http://[::]/                      | 0:0:0:0:0:0:0:0, the unspecified (RFC 4291) address
            http://[::1]/                     | 0:0:0:0:0:0:0:1, the loopback (RFC 4291) address
            http://[::ffff:127.0.0.1]/        | 127.0.0.1, a loopback (RFC 1122) address
            http://[::ffff:a9fe:a9fe]/        | 169.254.169.254, a link-local (RFC 3927) address
            http://[::10.0.0.1]/              | 0:0:0:0:0:0:a00:1, an IPv4-compatible (RFC 4291, deprecated) address embedding 10.0.0.1, a private-use (RFC 1918) address
            http://[::8.8.8.8]/               | 0:0:0:0:0:0:808:808, an IPv4-compatible (RFC 4291, deprecated) address
            http://[64:ff9b::a00:1]/          | 64:ff9b:0:0:0:0:a00:1, a NAT64 (RFC 6052) address embedding 10.0.0.1, a private-use (RFC 1918) address
            http://[64:ff9b::6464:64c8]/      | 64:ff9b:0:0:0:0:6464:64c8, a NAT64 (RFC 6052) address embedding 100.100.100.200, a shared address space (RFC 6598) address
            http://[64:ff9b::127.0.0.1]/      | 64:ff9b:0:0:0:0:7f00:1, a NAT64 (RFC 6052) address embedding 127.0.0.1, a loopback (RFC 1122) address
            http://[64:ff9b:1::808:808]/      | 64:ff9b:1:0:0:0:808:808, a local-use NAT64 (RFC 8215) address
            http://[100::1]/                  | 100:0:0:0:0:0:0:1, a discard-only (RFC 6666) address
            http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/ | 2001:0:4136:e378:8000:63bf:f5ff:fffe, a Teredo (RFC 4380) address embedding 10.0.0.1, a private-use (RFC 1918) address
            http://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/ | 2001:0:4136:e378:8000:63bf:f7f7:f7f7, a Teredo (RFC 4380) address
            http://[2001:1::1]/               | 2001:1:0:0:0:0:0:1, an IETF protocol assignment (RFC 2928) address
            http://[2001:2::1]/               | 2001:2:0:0:0:0:0:1, a benchmarking (RFC 5180) address
            http://[2001:10::1]/              | 2001:10:0:0:0:0:0:1, a deprecated ORCHID (RFC 4843) address
            http://[2001:20::1]/              | 2001:20:0:0:0:0:0:1, an IETF protocol assignment (RFC 2928) address
            http://[2001:1ff:ffff::1]/        | 2001:1ff:ffff:0:0:0:0:1, an IETF protocol assignment (RFC 2928) address
            http://[2001:db8::1]/             | 2001:db8:0:0:0:0:0:1, a documentation (RFC 3849) address
            http://[2002:0a00:0001::1]/       | 2002:a00:1:0:0:0:0:1, a 6to4 (RFC 3056) address embedding 10.0.0.1, a private-use (RFC 1918) address
            http://[2002:808:808::1]/         | 2002:808:808:0:0:0:0:1, a 6to4 (RFC 3056) address
            http://[2620:4f:8000::1]/         | 2620:4f:8000:0:0:0:0:1, an AS112 direct delegation (RFC 7534) address
            http://[3fff::1]/                 | 3fff:0:0:0:0:0:0:1, a documentation (RFC 9637) address
            http://[3fff:fff::1]/             | 3fff:fff:0:0:0:0:0:1, a documentation (RFC 9637) address
            http://[5f00::1]/                 | 5f00:0:0:0:0:0:0:1, a segment routing SID (RFC 9602) address
            http://[fc00::1]/                 | fc00:0:0:0:0:0:0:1, a unique-local (RFC 4193) address
            http://[fd12:3456::1]/            | fd12:3456:0:0:0:0:0:1, a unique-local (RFC 4193) address
            http://[fe80::1]/                 | fe80:0:0:0:0:0:0:1, a link-local (RFC 4291) address
            http://[fec0::1]/                 | fec0:0:0:0:0:0:0:1, a deprecated site-local (RFC 3879) address
            http://[ff02::1]/                 | ff02:0:0:0:0:0:0:1, a multicast (RFC 4291) address
            http://[1::1]/                    | 1:0:0:0:0:0:0:1, an address outside IPv6 global unicast 2000::/3 (RFC 4291)
            http://[4000::1]/                 | 4000:0:0:0:0:0:0:1, an address outside IPv6 global unicast 2000::/3 (RFC 4291)
            """)
    void refuses_every_address_the_iana_registries_mark_not_globally_reachable(String url, String found) {
        assertThat(policy.problemWith(url)).contains("resolves to " + found + ", which webhooks may not reach");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hooks", "https://1.1.1.1/", "https://93.184.216.34/", "http://100.63.255.255/",
            "http://100.128.0.0/", "http://172.32.0.1/", "http://198.20.0.1/", "http://223.255.255.254/",
            "https://[2606:4700:4700::1111]/", "https://[2a00:1450:4007::1]/", "https://[2001:4860:4860::8888]/",
            "https://[2001:200::1]/", "https://[64:ff9b::808:808]/", "https://[3fff:1000::1]/"})
    void accepts_globally_reachable_addresses(String url) {
        assertThat(policy.problemWith(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/", "http://08.8.8.8/",
            "http://017700000001/", "http://1.1.1.01/"})
    void refuses_an_ipv4_address_spelt_in_any_form_but_four_decimals(String url) {
        assertThat(policy.problemWith(url)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("has an IPv4 address written as").endsWith("write it as four decimal numbers, a.b.c.d"));
    }

    @Test
    void an_ipv4_mapped_address_from_a_resolver_is_judged_by_the_ipv4_address_it_embeds() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        InetAddress answer = Inet6Address.getByAddress("mapped.example", mapped, -1);
        WebhookUrlPolicy scripted = new WebhookUrlPolicy(Set.of(), host -> new InetAddress[] {answer});

        assertThat(scripted.problemWith("https://mapped.example/")).contains("resolves to 0:0:0:0:0:ffff:a00:1, an IPv4-mapped"
                + " (RFC 4291) address embedding 10.0.0.1, a private-use (RFC 1918) address, which webhooks may not reach");
    }

    @Test
    void one_internal_address_among_public_ones_refuses_the_host() throws Exception {
        InetAddress[] answers = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")};
        WebhookUrlPolicy scripted = new WebhookUrlPolicy(Set.of(), host -> answers);

        assertThat(scripted.problemWith("https://hooks.example/")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("10.0.0.1, a private-use (RFC 1918) address"));
    }

    @Test
    void the_target_keeps_the_addresses_of_the_one_resolution_that_was_checked() throws Exception {
        List<String> lookups = new ArrayList<>();
        InetAddress[][] answers = {{InetAddress.getByName("93.184.216.34")}, {InetAddress.getByName("127.0.0.1")}};
        WebhookUrlPolicy rebinding = new WebhookUrlPolicy(Set.of(), host -> {
            lookups.add(host);
            return answers[lookups.size() - 1];
        });

        WebhookTarget target = rebinding.target("https://rebind.example/hook");

        assertThat(target.addresses()).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(target.host()).isEqualTo("rebind.example");
        assertThat(lookups).containsExactly("rebind.example");
    }

    @Test
    void an_allow_listed_host_skips_the_address_check_but_is_still_resolved_once() throws Exception {
        List<String> lookups = new ArrayList<>();
        WebhookUrlPolicy allowing = new WebhookUrlPolicy(Set.of("Receiver.Test"), host -> {
            lookups.add(host);
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        });

        WebhookTarget target = allowing.target("http://receiver.test:9000/hook");

        assertThat(target.addresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(lookups).containsExactly("receiver.test");
    }

    @Test
    void a_host_that_does_not_resolve_is_refused() {
        WebhookUrlPolicy nowhere = new WebhookUrlPolicy(Set.of(), host -> new InetAddress[0]);

        assertThat(nowhere.problemWith("https://nowhere.example/")).contains("has a host that does not resolve");
    }
}
