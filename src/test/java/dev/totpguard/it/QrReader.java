package dev.totpguard.it;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

/** Decodes the QR code of a {@code data:image/png;base64,…} URI, as a phone's camera would. */
final class QrReader {

    private QrReader() {
    }

    static String decodeDataUri(String dataUri) {
        String prefix = "data:image/png;base64,";
        if (!dataUri.startsWith(prefix)) {
            throw new AssertionError("not a PNG data URI");
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(dataUri.substring(prefix.length()))));
            return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                    .getText();
        } catch (IOException | NotFoundException e) {
            throw new AssertionError("QR code does not decode", e);
        }
    }
}
