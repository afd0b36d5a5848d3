package dev.totpguard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.quarkus.bootstrap.resolver.maven.BootstrapMavenException;
import io.quarkus.bootstrap.resolver.maven.MavenArtifactResolver;
import org.eclipse.aether.artifact.DefaultArtifact;

/**
 * Keycloak distributions of any version, as operators download them: {@code org.keycloak:keycloak-quarkus-dist:zip}
 * from Maven Central (through the local repository, with the resolver the test framework uses for its own server),
 * unpacked once under {@code target/matrix-dist/}. Resolved by the test that needs them, so that other test runs
 * neither download nor unpack them.
 */
final class KeycloakDists {

    /** Released versions only: no ranges, no SNAPSHOTs. */
    static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

    private static final Path ROOT = Path.of("target", "matrix-dist");

    private KeycloakDists() {
    }

    /** The unpacked distribution of {@code version} (its {@code keycloak-<version>} folder). */
    static Path unpacked(String version) {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a released Keycloak version (expected like 26.4.7): '" + version + "'");
        }
        Path home = ROOT.resolve("keycloak-" + version).toAbsolutePath();
        Path done = ROOT.resolve(".unpacked-" + version);
        if (Files.isRegularFile(done) && Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path zip = resolve(version);
        try {
            unzip(zip, ROOT.toAbsolutePath());
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                throw new IllegalStateException(zip + " holds no keycloak-" + version + "/bin/kc.sh");
            }
            Files.writeString(done, zip + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking " + zip, e);
        }
        return home;
    }

    private static Path resolve(String version) {
        try {
            return MavenArtifactResolver.builder().setWorkspaceDiscovery(false).build()
                    .resolve(new DefaultArtifact("org.keycloak", "keycloak-quarkus-dist", "", "zip", version))
                    .getArtifact().getFile().toPath();
        } catch (BootstrapMavenException e) {
            throw new IllegalStateException("Keycloak " + version + " is not on Maven Central (org.keycloak:keycloak-quarkus-dist:zip:"
                    + version + "), or Maven Central cannot be reached", e);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(archive.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the archive's folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (entry.getName().endsWith(".sh")) {
                    target.toFile().setExecutable(true);
                }
            }
        }
    }
}
