package dev.totpguard.enroll;

import java.util.ArrayList;
import java.util.List;

import dev.totpguard.credential.DeviceRules;
import dev.totpguard.credential.Devices;
import dev.totpguard.grace.Grace;
import dev.totpguard.otp.Base32;
import dev.totpguard.otp.OtpAuthUri;
import dev.totpguard.recovery.RecoveryPanel;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The enrollment page: QR code and key of the seed, the device name, the recovery part and "Later". */
final class EnrollPages {

    static final String TEMPLATE = "totp-guard-enroll.ftl";

    private EnrollPages() {
    }

    static Response page(RequiredActionContext context, EnrollConfig config, FormMessage error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        byte[] seed = EnrollSeed.seed(authSession, config);
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        String issuer = !config.issuer().isBlank() ? config.issuer()
                : realm.getDisplayName() != null && !realm.getDisplayName().isBlank() ? realm.getDisplayName() : realm.getName();
        String uri = OtpAuthUri.totp(issuer, user.getUsername(), seed, config.algorithm(), config.digits(), config.period())
                .toUriString();
        boolean labelRequired = config.labelRequired()
                || Devices.any(user);
        EnrollPage page = new EnrollPage(QrCode.pngDataUri(uri), groups(Base32.encode(seed)), config.algorithm().uriName(),
                config.digits(), config.period(), issuer, user.getUsername(), labelRequired, typedLabel(context));
        var form = context.form().setAttribute("totpGuard", page)
                .setAttribute("totpGuardRecovery", RecoveryPanel.of(context, config.maxDevices(), config.recoveryCodes()))
                .setAttribute("totpGuardPostpone", Grace.panel(context, config.grace(), TotpGuardEnrollAction.demandedByFlow(context)))
                // the page shows a seed: no browser or proxy may keep it
                .setResponseHeader("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0")
                .setResponseHeader("Pragma", "no-cache");
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    /** The device name of the form being answered with an error, to show it again; the code is never shown again. */
    static String typedLabel(RequiredActionContext context) {
        if (!"POST".equals(context.getHttpRequest().getHttpMethod())) {
            return "";
        }
        String label = context.getHttpRequest().getDecodedFormParameters().getFirst(TotpGuardEnrollAction.FIELD_LABEL);
        return label == null || label.length() > DeviceRules.MAX_LABEL_LENGTH ? "" : label.strip();
    }

    static List<String> groups(String base32) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < base32.length(); i += 4) {
            groups.add(base32.substring(i, Math.min(base32.length(), i + 4)));
        }
        return groups;
    }

}
