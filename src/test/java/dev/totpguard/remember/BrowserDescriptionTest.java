package dev.totpguard.remember;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserDescriptionTest {

    @ParameterizedTest
    @CsvSource({
            "Firefox/128.0, Linux, Firefox 128 on Linux",
            "Chrome/126.0.6478.126, Windows, Chrome 126 on Windows",
            "Mobile Safari/17.5, iOS, Mobile Safari 17 on iOS",
            "Edge/125, Mac OS X, Edge 125 on Mac OS X",
            "Firefox/128.0, Other, Firefox 128",
            "Other/0, Linux, Unknown browser on Linux",
    })
    void namesBrowserMajorVersionAndSystem(String browser, String os, String expected) {
        assertEquals(expected, BrowserDescription.of(browser, os));
    }

    @Test
    void nothingKnownIsUnknownBrowser() {
        assertEquals("Unknown browser", BrowserDescription.of(null, null));
        assertEquals("Unknown browser", BrowserDescription.of("", ""));
    }

    @Test
    void markupControlAndNonAsciiCharactersAreDropped() {
        String text = BrowserDescription.of("<script>alert(1)</script>/1.0", "Linux\r\nX-Injected: 1\u202e\u0000");
        assertTrue(text.matches("[A-Za-z0-9 ._()+-]*"), text);
        assertEquals("script alert(1) script 1 on Linux X-Injected 1", text);
    }

    @Test
    void longDescriptionsAreCut() {
        String text = BrowserDescription.of("A".repeat(500) + "/1", "B".repeat(500));
        assertEquals(BrowserDescription.MAX_LENGTH, text.length());
    }
}
