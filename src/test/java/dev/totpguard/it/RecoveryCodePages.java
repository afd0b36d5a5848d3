package dev.totpguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keycloak's own recovery-code pages, as a browser walks them: the set shown once, "Try another way", the input. */
final class RecoveryCodePages {

    /** The id of the form that saves a new set (Keycloak's login-recovery-authn-code-config.ftl). */
    static final String SAVE_FORM = "kc-recovery-codes-settings-form";

    private RecoveryCodePages() {
    }

    /** A user (no admin role) who set up a phone ("old phone") in the Account Console and took the offered recovery codes. */
    record Member(TotpDevice device, List<String> codes) {
        String username() {
            return device.username();
        }

        String userId() {
            return device.userId();
        }
    }

    static Member member(ManagedRealm realm, String prefix) {
        DemoRealm.SignedIn first = DemoRealm.passwordOnly(realm, prefix);
        String user = first.username();
        Browser browser = first.browser();
        Browser.Page enrollment = browser.openLogin("kc_action", "totp-guard-enroll");
        assertTrue(enrollment.isEnrollment(), () -> "expected the enrollment page, got " + enrollment);
        assertTrue(enrollment.body().matches("(?s).*<input[^>]*name=\"recoveryCodes\"[^>]*checked.*"),
                () -> "recovery codes are offered, ticked by default: " + enrollment.find("(<form id=\"kc-totp-guard-enroll-form\".*?</form>)")
                        .orElse(enrollment.body()));
        TotpDevice shown = TotpDevice.fromEnrollmentPage(enrollment);
        long step = Codes.currentStep(30);
        Browser.Page codes = browser.submit(enrollment, Map.of("otp", shown.codeAt(step), "userLabel", "old phone",
                "recoveryCodes", "on"));
        Saved saved = save(browser, codes);
        assertTrue(saved.next().isRedirectToClient(), () -> "back to the application, got " + saved.next());
        assertEquals(12, saved.codes().size());
        assertEquals(1, credentials(realm, user).size(), "Keycloak stored the set");
        TotpDevice device = shown.confirmedAt(step, user, DemoRealm.userId(realm.admin(), user),
                DemoRealm.devices(realm.admin(), user).get(0).getId(), "old phone");
        return new Member(device, saved.codes());
    }

    /** The user's recovery-codes credentials (Keycloak keeps one set). */
    static List<CredentialRepresentation> credentials(ManagedRealm realm, String username) {
        return DemoRealm.credentials(realm.admin(), username, "recovery-authn-codes");
    }

    static boolean isNewSet(Browser.Page page) {
        return page.body().contains("id=\"kc-recovery-codes-list\"");
    }

    static boolean isInput(Browser.Page page) {
        return page.body().contains("name=\"recoveryCodeInput\"");
    }

    /** Reads the set of codes the page shows (as the user would print them) and saves it; returns the codes. */
    static Saved save(Browser browser, Browser.Page page) {
        assertTrue(isNewSet(page), () -> "expected Keycloak's recovery codes page, got " + page);
        String list = page.find("id=\"kc-recovery-codes-list\"[^>]*>(.*?)</ol>").orElseThrow();
        List<String> codes = new ArrayList<>();
        Matcher m = Pattern.compile("<li>\\s*([A-Z0-9-]+)\\s*</li>").matcher(list);
        while (m.find()) {
            codes.add(m.group(1));
        }
        assertFalse(codes.isEmpty(), "the page shows codes");
        Browser.Page next = browser.submitForm(page, SAVE_FORM, page.hiddenFields(SAVE_FORM));
        return new Saved(List.copyOf(codes), next);
    }

    /** A saved set, and the page after saving it. */
    record Saved(List<String> codes, Browser.Page next) {
    }

    /** "Try another way" on {@code page}, then the recovery-code choice: Keycloak's recovery-code input page. */
    static Browser.Page tryAnotherWay(Browser browser, Browser.Page page) {
        assertTrue(page.body().contains("id=\"try-another-way\""), () -> "no 'Try another way' on " + page);
        Browser.Page choices = browser.submitForm(page, "kc-select-try-another-way-form", Map.of("tryAnotherWay", "on"));
        // one form per choice (all post to the same action), each followed by its list item with the display name
        Matcher m = Pattern.compile("name=\"authenticationExecution\" value=\"([^\"]+)\".*?</li>", Pattern.DOTALL)
                .matcher(choices.body());
        while (m.find()) {
            if (m.group().contains("Recovery")) {
                Browser.Page input = browser.submitRaw(choices, Browser.query(Map.of("authenticationExecution", m.group(1))));
                assertTrue(isInput(input), () -> "expected the recovery code input, got " + input);
                return input;
            }
        }
        throw new AssertionError("no recovery-code choice on " + choices + ": " + choices.body());
    }

    /** The number of the code the input page asks for ("Recovery code #3"). */
    static int askedNumber(Browser.Page input) {
        return Integer.parseInt(input.find("Recovery code #([0-9]+)").orElseThrow(() -> new AssertionError("no code number")));
    }

    /** Types the code the page asks for, from {@code codes}. */
    static Browser.Page answer(Browser browser, Browser.Page input, List<String> codes) {
        return browser.submit(input, Map.of("recoveryCodeInput", codes.get(askedNumber(input) - 1)));
    }
}
