package dev.totpguard.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;

import dev.totpguard.ceremony.Verdict.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CeremonyPolicyTest {

    static final long NOW = 1_800_000_000L;
    static final long MAX_AGE = 300;

    static final Shown PASSWORD = new Shown(true, false, OptionalLong.empty(), OptionalLong.empty());
    static final Shown COOKIE = new Shown(false, true, OptionalLong.empty(), OptionalLong.empty());
    static final Shown CODE_NOW = new Shown(true, false, OptionalLong.of(NOW - 10), OptionalLong.empty());
    static final Shown CODE_OLD = new Shown(true, false, OptionalLong.of(NOW - MAX_AGE - 1), OptionalLong.empty());
    static final Shown RECOVERY_NOW = new Shown(true, false, OptionalLong.empty(), OptionalLong.of(NOW - 10));
    static final Shown MAIL_LINK = Shown.NOTHING;
    static final Shown MAIL_LINK_THEN_CODE = new Shown(false, false, OptionalLong.of(NOW - 10), OptionalLong.empty());

    private static Verdict decide(Ceremony c, boolean hasDevice, Shown shown) {
        return CeremonyPolicy.decide(c, hasDevice, shown, NOW, MAX_AGE, 0, 1, true);
    }

    @ParameterizedTest
    @EnumSource(value = Ceremony.class, names = {"ANOTHER_DEVICE", "REMOVE_DEVICE", "NEW_RECOVERY_CODES"})
    void changingTheSecondFactorOfAUserWithADeviceTakesAFreshCodeOrRecoveryCode(Ceremony c) {
        assertEquals(Decision.ALLOW, decide(c, true, CODE_NOW).decision());
        assertEquals(Decision.ALLOW, decide(c, true, RECOVERY_NOW).decision());
        assertEquals(Decision.ALLOW, decide(c, true, MAIL_LINK_THEN_CODE).decision());
        assertEquals(Decision.ASK_CODE, decide(c, true, PASSWORD).decision());
        assertEquals(Decision.ASK_CODE, decide(c, true, COOKIE).decision());
        Verdict old = decide(c, true, CODE_OLD);
        assertEquals(Decision.ASK_CODE, old.decision());
        assertEquals("code_too_old", old.reason());
        Verdict mail = decide(c, true, MAIL_LINK);
        assertEquals(Decision.REFUSE, mail.decision());
        assertEquals("mail_link", mail.reason());
    }

    @Test
    void aCodeFromTheFutureIsNoEvidence() {
        Shown future = new Shown(true, false, OptionalLong.of(NOW + 3600), OptionalLong.empty());
        assertEquals(Decision.ASK_CODE, decide(Ceremony.ANOTHER_DEVICE, true, future).decision());
    }

    @Test
    void aFirstDeviceNeedsNothingMoreButBecomesAnotherDeviceWhenOneExists() {
        assertEquals(Decision.ALLOW, decide(Ceremony.FIRST_DEVICE, false, MAIL_LINK).decision());
        assertEquals(Decision.ALLOW, decide(Ceremony.FIRST_DEVICE, false, PASSWORD).decision());
        assertEquals(Decision.REFUSE, decide(Ceremony.FIRST_DEVICE, true, MAIL_LINK).decision());
        assertEquals(Decision.ASK_CODE, decide(Ceremony.FIRST_DEVICE, true, COOKIE).decision());
    }

    @Test
    void removingWhenTheUserHasNoDeviceLeftIsNotGuarded() {
        assertEquals(Decision.ALLOW, decide(Ceremony.NEW_RECOVERY_CODES, false, PASSWORD).decision());
    }

    @Test
    void laterNeedsThePasswordNoDeviceLevelOneAndGraceLeft() {
        assertEquals(Decision.ALLOW, CeremonyPolicy.decide(Ceremony.POSTPONE, false, PASSWORD, NOW, MAX_AGE, 0, 1, true).decision());
        assertEquals(Decision.ALLOW, CeremonyPolicy.decide(Ceremony.POSTPONE, false, PASSWORD, NOW, MAX_AGE, 1, 1, true).decision());
        assertEquals("level", CeremonyPolicy.decide(Ceremony.POSTPONE, false, PASSWORD, NOW, MAX_AGE, 2, 1, true).reason());
        assertEquals("level", CeremonyPolicy.decide(Ceremony.POSTPONE, false, PASSWORD, NOW, MAX_AGE, 0, 2, true).reason());
        assertEquals("grace_over", CeremonyPolicy.decide(Ceremony.POSTPONE, false, PASSWORD, NOW, MAX_AGE, 0, 1, false).reason());
        assertEquals("no_password", CeremonyPolicy.decide(Ceremony.POSTPONE, false, MAIL_LINK, NOW, MAX_AGE, 0, 0, true).reason());
        assertEquals("no_password", CeremonyPolicy.decide(Ceremony.POSTPONE, false, COOKIE, NOW, MAX_AGE, 0, 1, true).reason());
        assertEquals("recovery_code", CeremonyPolicy.decide(Ceremony.POSTPONE, false, RECOVERY_NOW, NOW, MAX_AGE, 0, 1, true).reason());
        assertEquals("has_device", CeremonyPolicy.decide(Ceremony.POSTPONE, true, PASSWORD, NOW, MAX_AGE, 0, 1, true).reason());
    }

    @Test
    void rememberingABrowserNeedsACodeNowAtLevelOne() {
        assertEquals(Decision.ALLOW, decide(Ceremony.REMEMBER_BROWSER, true, CODE_NOW).decision());
        assertEquals(Decision.REFUSE, decide(Ceremony.REMEMBER_BROWSER, true, PASSWORD).decision());
        assertEquals(Decision.REFUSE, decide(Ceremony.REMEMBER_BROWSER, true, RECOVERY_NOW).decision());
        assertEquals("level", CeremonyPolicy.decide(Ceremony.REMEMBER_BROWSER, true, CODE_NOW, NOW, MAX_AGE, 2, 2, true).reason());
    }

    @Test
    void aMailLinkIsOnlyAMailLinkWithoutPasswordCookieOrSecondFactor() {
        assertEquals(true, MAIL_LINK.mailLinkOnly());
        assertEquals(false, PASSWORD.mailLinkOnly());
        assertEquals(false, COOKIE.mailLinkOnly());
        assertEquals(false, MAIL_LINK_THEN_CODE.mailLinkOnly());
    }
}
