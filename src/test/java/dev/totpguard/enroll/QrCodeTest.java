package dev.totpguard.enroll;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import dev.totpguard.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QrCodeTest {

    private static final String URI = "otpauth://totp/ACME%20SSO:j%C3%BCrgen%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=ACME%20SSO&algorithm=SHA1&digits=6&period=30";

    @Test
    void rendersAPngDataUriThatDecodesToTheText() throws Exception {
        String dataUri = QrCode.pngDataUri(URI);
        assertTrue(dataUri.startsWith("data:image/png;base64,"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png(dataUri)));
        String decoded = new MultiFormatReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
        assertEquals(URI, decoded);
    }

    /** zxing's reader fails on a few percent of raw renderings; what we show must always read back. */
    @Test
    void everyRenderedEnrollmentCodeReadsBack() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] secret = new byte[20];
            random.nextBytes(secret);
            String uri = dev.totpguard.otp.OtpAuthUri.totp("TOTP Guard demo", "user-" + Integer.toHexString(random.nextInt()),
                    secret, dev.totpguard.otp.HmacAlgorithm.SHA1, 6, 30).toUriString();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png(QrCode.pngDataUri(uri))));
            String decoded = new MultiFormatReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
            assertEquals(uri, decoded);
        }
    }

    /** An independent reader (zbar, as in many phone scanners) agrees. ./test.sh installs zbar-tools. */
    @Test
    void zbarimgDecodesTheSameText(@TempDir Path dir) throws Exception {
        Path zbarimg = ExternalTool.require(ExternalTool.find("zbarimg", List.of(Path.of("/usr/bin/zbarimg"))),
                "zbarimg", "zbar-tools", "QrCodeTest.zbarimgDecodesTheSameText");
        Path png = dir.resolve("qr.png");
        Files.write(png, png(QrCode.pngDataUri(URI)));
        Process zbar = new ProcessBuilder(zbarimg.toString(), "--quiet", "--raw", png.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(zbar.waitFor(30, TimeUnit.SECONDS));
        assertEquals(URI, new String(zbar.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    private static byte[] png(String dataUri) throws IOException {
        return Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
    }
}
