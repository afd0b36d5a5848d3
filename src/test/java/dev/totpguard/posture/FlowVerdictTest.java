package dev.totpguard.posture;

import java.util.List;
import java.util.Map;

import dev.totpguard.posture.FlowNode.Condition;
import dev.totpguard.posture.FlowNode.Requirement;
import dev.totpguard.posture.FlowNode.Step;
import dev.totpguard.posture.FlowNode.SubFlow;
import dev.totpguard.posture.Verdict.Result;
import org.junit.jupiter.api.Test;

import static dev.totpguard.posture.FlowNode.Requirement.ALTERNATIVE;
import static dev.totpguard.posture.FlowNode.Requirement.CONDITIONAL;
import static dev.totpguard.posture.FlowNode.Requirement.DISABLED;
import static dev.totpguard.posture.FlowNode.Requirement.REQUIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict over flow trees: each of Keycloak's rules of flow execution, and the recipes of docs/realm-admin.md. */
class FlowVerdictTest {

    private static final String FORM = "totp-guard-form";
    private static final String DIRECT = "totp-guard-direct-grant";
    private static final String PASSWORD = "auth-username-password-form";
    private static final String RECOVERY = "auth-recovery-authn-code-form";

    // --- building blocks ---

    static Step step(String authenticator, Requirement requirement) {
        return new Step(authenticator, requirement);
    }

    static Step required(String authenticator) {
        return step(authenticator, REQUIRED);
    }

    static SubFlow flow(String alias, Requirement requirement, FlowNode... children) {
        return new SubFlow(alias, requirement, List.of(children));
    }

    static Condition condition(String authenticator, String alias, Map<String, String> config) {
        return new Condition(authenticator, REQUIRED, alias, config);
    }

    static Condition device() {
        return condition(Conditions.DEVICE, null, Map.of());
    }

    static Condition userConfigured() {
        return condition(Conditions.USER_CONFIGURED, null, Map.of());
    }

    static Condition role(String role, boolean negate) {
        return condition(Conditions.ROLE, "role " + role, Map.of("condUserRole", role, "negate", String.valueOf(negate)));
    }

    static Condition level(int level) {
        return condition(Conditions.LEVEL, "level " + level, Map.of("loa-condition-level", String.valueOf(level),
                "loa-max-age", "36000"));
    }

    static Condition executed(String flow, boolean wanted) {
        return condition(Conditions.SUB_FLOW_EXECUTED, "executed " + flow,
                Map.of("flow_to_check", flow, "check_result", wanted ? "executed" : "not-executed"));
    }

    static Verdict judge(SubFlow flow) {
        return FlowVerdict.judge(flow, false, 0);
    }

    static SubFlow browser(FlowNode... forms) {
        return SubFlow.top("browser", step("auth-cookie", ALTERNATIVE), flow("forms", ALTERNATIVE, forms));
    }

    // --- REQUIRED, nested sub-flows ---

    @Test
    void aNegatedDeviceConditionSendsOnlyUsersWithoutADeviceThrough() {
        // an admin without a device enrolls there; a device user never meets that step
        Condition noDevice = condition(Conditions.DEVICE, "no device", Map.of("negate", "true"));
        Verdict onlyNoDevice = judge(browser(required(PASSWORD), flow("no device", CONDITIONAL, noDevice, required(FORM))));
        assertEquals(Result.NOT_CHECKED, onlyNoDevice.result(), onlyNoDevice::toString);
        Verdict both = judge(browser(required(PASSWORD), flow("no device", CONDITIONAL, noDevice, required(FORM)),
                flow("device", CONDITIONAL, device(), required(FORM))));
        assertEquals(Result.CHECKED, both.result(), both::toString);
    }

    @Test
    void requiredStepAfterThePasswordChecksEveryone() {
        Verdict verdict = judge(browser(required(PASSWORD), required(FORM)));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
        assertEquals("everyone", verdict.who());
    }

    @Test
    void requiredSubFlowsNestedAnyDeepCarryTheCheck() {
        SubFlow deep = flow("a", REQUIRED, flow("b", REQUIRED, flow("c", REQUIRED, required(DIRECT))));
        assertEquals(Result.CHECKED, judge(SubFlow.top("direct", required("direct-grant-validate-password"), deep)).result());
    }

    @Test
    void aFlowWithoutOurStepChecksNobody() {
        Verdict verdict = judge(SubFlow.top("direct grant", required("direct-grant-validate-username"),
                required("direct-grant-validate-password"), flow("otp", CONDITIONAL, userConfigured(),
                        required("direct-grant-validate-otp"))));
        assertEquals(Result.NOT_CHECKED, verdict.result());
        assertTrue(verdict.reason().contains("no enabled TOTP Guard step"), verdict::reason);
    }

    @Test
    void noFlowBoundChecksNobody() {
        assertEquals(Result.NOT_CHECKED, judge(null).result());
    }

    // --- DISABLED ---

    @Test
    void disabledStepOrSubFlowNeverRuns() {
        assertEquals(Result.NOT_CHECKED, judge(browser(required(PASSWORD), step(FORM, DISABLED))).result());
        assertEquals(Result.NOT_CHECKED, judge(browser(required(PASSWORD),
                flow("2fa", DISABLED, required(FORM)))).result());
        // beside a step that does run for some: the disabled one adds nothing
        Verdict verdict = judge(browser(required(PASSWORD), step(FORM, DISABLED),
                flow("admins", CONDITIONAL, role("admin", false), required(FORM))));
        assertEquals(Result.PARTLY, verdict.result(), verdict::toString);
    }

    @Test
    void aDisabledConditionDoesNotCount() {
        // the only enabled condition is the device: the role condition, disabled, limits nothing
        Condition disabledRole = new Condition(Conditions.ROLE, DISABLED, "r", Map.of("condUserRole", "admin"));
        Verdict verdict = judge(browser(required(PASSWORD), flow("2fa", CONDITIONAL, device(), disabledRole, required(FORM))));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
    }

    // --- ALTERNATIVE beside REQUIRED ---

    @Test
    void alternativeBesideRequiredIsNeverRun() {
        SubFlow flow = SubFlow.top("direct grant", required("direct-grant-validate-username"),
                required("direct-grant-validate-password"),
                flow("totp", ALTERNATIVE, device(), required(DIRECT)));
        Verdict verdict = judge(flow);
        assertEquals(Result.NOT_CHECKED, verdict.result(), verdict::toString);
        assertTrue(verdict.reason().contains("never runs it"), verdict::reason);
    }

    @Test
    void ourStepAsAlternativeBesideAConditionalSubFlowIsNeverRunEither() {
        // a CONDITIONAL execution counts as required at its level, even when its conditions are false
        Verdict verdict = judge(browser(flow("pw", CONDITIONAL, role("x", false), required(PASSWORD)), step(FORM, ALTERNATIVE)));
        assertEquals(Result.NOT_CHECKED, verdict.result(), verdict::toString);
    }

    // --- ALTERNATIVE groups ---

    @Test
    void codeOrRecoveryCodeCountsAsChecked() {
        SubFlow codeOrRecovery = flow("code or recovery code", REQUIRED, step(FORM, ALTERNATIVE),
                flow("recovery", ALTERNATIVE, required(RECOVERY), required("totp-guard-after-recovery-code")));
        Verdict verdict = judge(browser(required(PASSWORD), flow("2fa", CONDITIONAL, device(), codeOrRecovery)));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
        assertEquals("users with a device", verdict.who());
    }

    @Test
    void anAlternativeWithoutACodeLetsEveryoneThrough() {
        Verdict verdict = judge(browser(required("auth-username-form"),
                flow("second", REQUIRED, step(FORM, ALTERNATIVE), step("auth-password-form", ALTERNATIVE))));
        assertEquals(Result.NOT_CHECKED, verdict.result(), verdict::toString);
        assertTrue(verdict.reason().contains("auth-password-form"), verdict::reason);
    }

    @Test
    void theSsoCookieIsNotASignInButKerberosIs() {
        assertEquals(Result.CHECKED, judge(browser(required(PASSWORD), required(FORM))).result());
        SubFlow kerberos = SubFlow.top("browser", step("auth-cookie", ALTERNATIVE), step("auth-spnego", ALTERNATIVE),
                flow("forms", ALTERNATIVE, required(PASSWORD), required(FORM)));
        assertEquals(Result.NOT_CHECKED, judge(kerberos).result());
    }

    // --- CONDITIONAL sub-flows ---

    @Test
    void deviceConditionChecksDeviceUsers() {
        Verdict verdict = judge(browser(required(PASSWORD), flow("2fa", CONDITIONAL, device(), required(FORM))));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
        assertEquals("users with a device", verdict.who());
    }

    @Test
    void userConfiguredOverOurStepChecksDeviceUsers() {
        Verdict verdict = judge(SubFlow.top("direct", required("direct-grant-validate-password"),
                flow("device", CONDITIONAL, userConfigured(), required(DIRECT))));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
    }

    @Test
    void userConfiguredOverOurStepAndAnotherDependsOnTheOther() {
        Verdict verdict = judge(browser(required(PASSWORD),
                flow("2fa", CONDITIONAL, userConfigured(), required(FORM), required("webauthn-authenticator"))));
        assertEquals(Result.PARTLY, verdict.result(), verdict::toString);
        assertEquals("users who have set up webauthn-authenticator", verdict.who());
    }

    @Test
    void unrelatedConditionChecksOnlyThoseItNames() {
        Verdict verdict = judge(SubFlow.top("direct", required("direct-grant-validate-password"),
                flow("admins", CONDITIONAL, role("admin", false), required(DIRECT))));
        assertEquals(Result.PARTLY, verdict.result(), verdict::toString);
        assertEquals("users with role admin", verdict.who());
        assertTrue(verdict.reason().contains("only users with role admin"), verdict::reason);
    }

    @Test
    void allConditionsOfASubFlowMustHold() {
        Verdict verdict = judge(browser(required(PASSWORD),
                flow("2fa", CONDITIONAL, device(), role("staff", false), required(FORM))));
        assertEquals(Result.PARTLY, verdict.result());
        assertEquals("users with role staff", verdict.who());
    }

    @Test
    void aRoleAndItsNegationTogetherCoverEveryone() {
        Verdict verdict = judge(browser(required(PASSWORD),
                flow("admins", CONDITIONAL, role("admin", false), required(FORM)),
                flow("others", CONDITIONAL, device(), role("admin", true), required(FORM))));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
    }

    @Test
    void aConditionalSubFlowWithoutConditionsNeverRuns() {
        Verdict verdict = judge(browser(required(PASSWORD), flow("2fa", CONDITIONAL, required(FORM))));
        assertEquals(Result.NOT_CHECKED, verdict.result());
        assertTrue(verdict.reason().contains("has no condition"), verdict::reason);
    }

    @Test
    void conditionsOutsideAConditionalSubFlowAreIgnored() {
        // Keycloak evaluates conditions only for CONDITIONAL sub-flows: in a REQUIRED one the role limits nothing
        Verdict verdict = judge(browser(required(PASSWORD), flow("2fa", REQUIRED, role("admin", false), required(FORM))));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
        assertEquals("everyone", verdict.who());
    }

    @Test
    void levelOfAuthenticationStepUpChecksOnlyWhoAsksForIt() {
        SubFlow flow = browser(flow("level 1", CONDITIONAL, level(1), required(PASSWORD)),
                flow("level 2", CONDITIONAL, level(2), required(FORM)));
        Verdict verdict = judge(flow);
        assertEquals(Result.PARTLY, verdict.result(), verdict::toString);
        assertEquals("sign-ins that ask for level of authentication 2 or more", verdict.who());
        // a client whose minimum ACR maps to level 2 always asks for it
        assertEquals(Result.CHECKED, FlowVerdict.judge(flow, false, 2).result());
    }

    @Test
    void theFirstLevelConditionOfAFreshSignInAlwaysHolds() {
        // Keycloak: before any level is reached, a level condition is true whatever was asked for
        Verdict verdict = judge(browser(flow("level 2 first", CONDITIONAL, level(2), required(PASSWORD), required(FORM))));
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
    }

    @Test
    void subFlowExecutedFollowsWhatRanBefore() {
        SubFlow flow = browser(required(PASSWORD),
                flow("step-up", CONDITIONAL, role("auditor", false), required(FORM)),
                flow("others", CONDITIONAL, executed("step-up", false), device(), required(FORM)));
        assertEquals(Result.CHECKED, judge(flow).result());
        SubFlow wrongWay = browser(required(PASSWORD),
                flow("step-up", CONDITIONAL, role("auditor", false), required(FORM)),
                flow("others", CONDITIONAL, executed("step-up", true), required(FORM)));
        Verdict verdict = judge(wrongWay);
        assertEquals(Result.PARTLY, verdict.result());
        assertEquals("users with role auditor", verdict.who());
    }

    @Test
    void theDemoBrowserFlowChecksEveryDeviceUser() {
        SubFlow codeOrRecovery = flow("code or recovery code", REQUIRED, step(FORM, ALTERNATIVE),
                flow("recovery", ALTERNATIVE, required(RECOVERY), required("totp-guard-after-recovery-code")));
        SubFlow demo = browser(
                flow("level 1", CONDITIONAL, level(1), required(PASSWORD)),
                flow("level 2 step-up", CONDITIONAL, level(2), required(FORM)),
                flow("for admins", CONDITIONAL, executed("level 2 step-up", false), role("admin", false), required(FORM)),
                flow("for enrolled users", CONDITIONAL, executed("level 2 step-up", false), device(), role("admin", true),
                        codeOrRecovery));
        Verdict verdict = judge(demo);
        assertEquals(Result.CHECKED, verdict.result(), verdict::toString);
        assertEquals("users with a device", verdict.who());
    }

    // --- reset credentials ---

    @Test
    void resetCredentialsNeedsTheCodeBeforeTheNewPassword() {
        SubFlow before = SubFlow.top("reset", required("reset-credentials-choose-user"), required("reset-credential-email"),
                flow("2fa", CONDITIONAL, device(), required(FORM)), required("reset-password"));
        assertEquals(Result.CHECKED, FlowVerdict.judge(before, true, 0).result());
        SubFlow after = SubFlow.top("reset", required("reset-credentials-choose-user"), required("reset-credential-email"),
                required("reset-password"), flow("2fa", CONDITIONAL, device(), required(FORM)));
        Verdict verdict = FlowVerdict.judge(after, true, 0);
        assertEquals(Result.NOT_CHECKED, verdict.result(), verdict::toString);
        assertTrue(verdict.reason().contains("after Reset Password"), verdict::reason);
    }

    @Test
    void tooManyFactsAreNotJudgedAsChecked() {
        FlowNode[] subFlows = new FlowNode[FlowVerdict.MAX_ATOMS + 2];
        subFlows[0] = required(PASSWORD);
        for (int i = 1; i < subFlows.length; i++) {
            subFlows[i] = flow("f" + i, CONDITIONAL, role("r" + i, false), required(FORM));
        }
        assertEquals(Result.PARTLY, judge(browser(subFlows)).result());
    }
}
