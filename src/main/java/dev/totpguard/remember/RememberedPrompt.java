package dev.totpguard.remember;

import java.util.Map;
import java.util.Optional;

import dev.totpguard.confirm.Evidence;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.account.DeviceRepresentation;

/**
 * "Don't ask again on this browser" at the TOTP prompt: whether this sign-in may skip the prompt, and remembering the
 * browser after a correct code. A skip never raises the level of authentication: it is allowed only when the client
 * asked for no more than level 1 (or than the sign-in already reached), and it records no level and no credential.
 */
public final class RememberedPrompt {

    /** Form field of the checkbox. */
    public static final String FIELD = "rememberBrowser";
    /** Event detail on {@code LOGIN}: why the prompt was not shown. */
    public static final String SKIPPED = "totp_skipped";
    /** Event detail: the remembered browser's id (never its token). */
    public static final String BROWSER_ID = "remembered_browser_id";
    /** Event detail on the sign-in that remembered a browser: for how many days. */
    public static final String DAYS = "remembered_days";

    private RememberedPrompt() {
    }

    /**
     * Skips the prompt when the execution allows remembering ({@code days > 0}), the password was checked earlier in
     * this flow, the client asks for no more than level 1, and the browser's cookie matches a live record of this
     * user. Returns true when it called {@code context.success()}.
     */
    public static boolean trySkip(AuthenticationFlowContext context, int days) {
        if (days <= 0) {
            return false;
        }
        Optional<String> token = RememberCookie.read(context.getSession());
        if (token.isEmpty() || !RememberToken.wellFormed(token.get()) || !passwordChecked(context) || !levelOneIsEnough(context)) {
            return false;
        }
        Optional<RememberedBrowser> browser = RememberedBrowsers.use(context.getSession(), context.getRealm(), context.getUser(), token.get());
        if (browser.isEmpty()) {
            return false;
        }
        context.getEvent().detail(SKIPPED, RememberMetrics.REASON_REMEMBERED).detail(BROWSER_ID, browser.get().id());
        RememberMetrics.skipped(context.getRealm().getName(), RememberMetrics.REASON_REMEMBERED);
        context.success();
        return true;
    }

    /** After a correct code: remembers the browser if the user ticked the box and the execution allows it. */
    public static void rememberIfAsked(AuthenticationFlowContext context, int days, Map<String, java.util.List<String>> form) {
        java.util.List<String> box = form.get(FIELD);
        if (days <= 0 || box == null || box.size() != 1 || !"on".equals(box.get(0))) {
            return;
        }
        KeycloakSession session = context.getSession();
        RememberedBrowsers.Issued issued = RememberedBrowsers.remember(context.getUser(), days, description(session));
        RememberCookie.set(session, context.getRealm(), issued.token(), days);
        context.getEvent().detail(BROWSER_ID, issued.browser().id()).detail(DAYS, String.valueOf(days));
        RememberMetrics.remembered(context.getRealm().getName());
    }

    private static String description(KeycloakSession session) {
        DeviceRepresentationProvider devices = session.getProvider(DeviceRepresentationProvider.class);
        DeviceRepresentation device = devices == null ? null : devices.deviceRepresentation();
        return device == null ? BrowserDescription.UNKNOWN : BrowserDescription.of(device.getBrowser(), device.getOs());
    }

    /**
     * The cookie is consulted only after the password identified the user in this very flow ({@link
     * Evidence#passwordChecked}): a flow that identifies the user otherwise (username only, a broker) never skips.
     */
    private static boolean passwordChecked(AuthenticationFlowContext context) {
        return Evidence.passwordChecked(context.getSession(), context.getRealm(), context.getAuthenticationSession());
    }

    /** A remembered browser is worth level 1 at most: never skip when the client asks for more than that. */
    private static boolean levelOneIsEnough(AuthenticationFlowContext context) {
        AcrStore acr = new AcrStore(context.getSession(), context.getAuthenticationSession());
        int requested = acr.getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        return requested <= Math.max(1, acr.getLevelOfAuthenticationFromCurrentAuthentication());
    }
}
