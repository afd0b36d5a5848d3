package dev.totpguard.enroll;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Renders text as a QR code PNG, inlined as a data URI so the secret never travels in a separate, cacheable request.
 *
 * <p>Each rendering is read back before it is shown: zxing's own reader fails on a few percent of otherwise valid
 * symbols (a detector quirk; zbar reads them), and apps built on zxing would too. When that happens the next error
 * correction level gives a different symbol.
 */
final class QrCode {

    private static final int SIZE = 256;
    private static final List<ErrorCorrectionLevel> LEVELS = List.of(
            ErrorCorrectionLevel.M, ErrorCorrectionLevel.L, ErrorCorrectionLevel.Q, ErrorCorrectionLevel.H);

    private QrCode() {
    }

    /** {@code text} must be ASCII (an otpauth URI is: it is percent-encoded), so no ECI segment is needed. */
    static String pngDataUri(String text) {
        BufferedImage chosen = null;
        for (ErrorCorrectionLevel level : LEVELS) {
            BufferedImage image = MatrixToImageWriter.toBufferedImage(encode(text, level));
            if (chosen == null) {
                chosen = image;
            }
            if (readsBack(image, text)) {
                chosen = image;
                break;
            }
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(chosen));
    }

    private static BitMatrix encode(String text, ErrorCorrectionLevel level) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, SIZE, SIZE,
                    Map.of(EncodeHintType.ERROR_CORRECTION, level, EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            // the text holds the secret: keep it out of the message
            throw new IllegalStateException("cannot encode the QR code (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean readsBack(BufferedImage image, String text) {
        try {
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
            return text.equals(new QRCodeReader().decode(bitmap).getText());
        } catch (ReaderException e) {
            return false;
        }
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!javax.imageio.ImageIO.write(image, "PNG", out)) {
                throw new IllegalStateException("no PNG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the QR code image", e);
        }
    }
}
