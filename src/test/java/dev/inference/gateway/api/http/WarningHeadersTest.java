package dev.inference.gateway.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Client-chosen member names quoted in the {@code Warning} header can neither break nor inject headers. */
class WarningHeadersTest {

    @Test
    void unknownMemberNamesAreMadeSafeForTheWarningHeader() {
        assertThat(WarningHeaders.headerSafe("plain.name")).isEqualTo("plain.name");
        assertThat(WarningHeaders.headerSafe("c\r\nX-Injected: yes")).isEqualTo("c\\\\u000d\\\\u000aX-Injected: yes");
        assertThat(WarningHeaders.headerSafe("a\"b\\c")).isEqualTo("a'b\\\\c");
        assertThat(WarningHeaders.headerSafe("f\u00e9\uD83D\uDE80")).isEqualTo("f\\\\u00e9\\\\ud83d\\\\ude80");
        assertThat(WarningHeaders.headerSafe("k".repeat(5000))).isEqualTo("k".repeat(100) + "...");
    }
}
