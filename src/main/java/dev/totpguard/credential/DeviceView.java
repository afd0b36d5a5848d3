package dev.totpguard.credential;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One device as a page lists it (the sign-in prompt's choice, the devices to remove after a recovery code): its id and
 * label, never anything of its seed. Public with getters because FreeMarker reads it by bean introspection. The label
 * is shown cleaned ({@link DeviceRules#displayLabel}): Keycloak's own label endpoints bypass our rules.
 */
public final class DeviceView {

    private final String id;
    private final String label;

    private DeviceView(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public static DeviceView of(TotpGuardCredentialModel device) {
        return new DeviceView(device.getId(), DeviceRules.displayLabel(device.getUserLabel()));
    }

    /**
     * A user's devices as one page lists them, in the given order: labels cleaned, and a label that an earlier device
     * already shows (ignoring case, as our rules compare) gets " (2)", " (3)" … so that the user can tell them apart.
     */
    public static List<DeviceView> listOf(List<TotpGuardCredentialModel> devices) {
        Set<String> shown = new HashSet<>();
        List<DeviceView> views = new ArrayList<>(devices.size());
        for (TotpGuardCredentialModel device : devices) {
            String label = DeviceRules.displayLabel(device.getUserLabel());
            if (label != null) {
                label = distinct(label, shown);
                shown.add(label.toLowerCase(Locale.ROOT));
            }
            views.add(new DeviceView(device.getId(), label));
        }
        return views;
    }

    private static String distinct(String label, Set<String> shown) {
        String candidate = label;
        for (int n = 2; shown.contains(candidate.toLowerCase(Locale.ROOT)); n++) {
            String suffix = " (" + n + ")";
            candidate = DeviceRules.cut(label, DeviceRules.MAX_LABEL_LENGTH - suffix.length()).strip() + suffix;
        }
        return candidate;
    }

    public String getId() {
        return id;
    }

    /** The user's label as shown, or {@code null} for an unnamed device. */
    public String getLabel() {
        return label;
    }
}
