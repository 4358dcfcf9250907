package com.topsteel.provisioning.infrastructure.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressBlockTest {

    @ParameterizedTest(name = "{0} holds {1}: {2}")
    @CsvSource({
            "100.64.0.0/10, 100.64.0.0, true",
            "100.64.0.0/10, 100.127.255.255, true",
            "100.64.0.0/10, 100.63.255.255, false",
            "100.64.0.0/10, 100.128.0.0, false",
            "255.255.255.255/32, 255.255.255.255, true",
            "255.255.255.255/32, 255.255.255.254, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "0.0.0.0/0, ::1, false",
            "fc00::/7, fdff:ffff::1, true",
            "fc00::/7, fe00::1, false",
            "fc00::/7, fbff:ffff::1, false",
            "2001::/23, 2001:1ff:ffff::1, true",
            "2001::/23, 2001:200::, false",
            "::1/128, ::1, true",
            "::1/128, ::2, false",
            "::/96, 10.0.0.1, false",
            "::ffff:0:0/96, 10.0.0.1, false"})
    void holds_exactly_the_addresses_under_its_prefix(String cidr, String address, boolean held) throws Exception {
        assertThat(AddressBlock.of(cidr).contains(InetAddress.getByName(address).getAddress())).isEqualTo(held);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost/8", "10.0.0.0/33", "::/129", "example.com/24"})
    void is_written_only_as_an_address_literal_and_a_length_it_can_hold(String cidr) {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.of(cidr));
    }
}
