package dev.totpguard.it;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

/** Decodes QR codes, as a phone's camera would: of a {@code data:image/png;base64,…} URI, and of a screenshot. */
final class QrReader {

    private QrReader() {
    }

    static String decodeDataUri(String dataUri) {
        String prefix = "data:image/png;base64,";
        if (!dataUri.startsWith(prefix)) {
            throw new AssertionError("not a PNG data URI");
        }
        // QR codes only: with no hint zxing tries its 1D readers first, and one of them may now and then read a
        // short number out of a QR code's modules
        return decode(Base64.getDecoder().decode(dataUri.substring(prefix.length())),
                Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE)), "QR code does not decode");
    }

    /** Reads the QR code in a screenshot (PNG), as a phone's camera would read the screen: harder than a clean image. */
    static String decodeScreenshot(byte[] png) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        return decode(png, hints, "no QR code in the screenshot");
    }

    private static String decode(byte[] png, Map<DecodeHintType, ?> hints, String failure) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    hints).getText();
        } catch (IOException | NotFoundException e) {
            throw new AssertionError(failure, e);
        }
    }
}
