import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws Parallax's logo, two overlapping circles (one view, two vantage points), as a 256×256 PNG.
 * Run: java assets/icons/MakeLogo.java assets/icons/parallax.png
 */
public class MakeLogo {
    public static void main(String[] args) throws Exception {
        int size = 256;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);

        RoundRectangle2D tile = new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56);
        g.setPaint(new GradientPaint(0, 8, new Color(0x1E293B), 0, 248, new Color(0x0F172A)));
        g.fill(tile);

        double d = 116;
        Ellipse2D left = new Ellipse2D.Double(40, 70, d, d);
        Ellipse2D right = new Ellipse2D.Double(100, 70, d, d);
        g.setPaint(new GradientPaint(40, 70, new Color(0x60A5FA), 156, 186, new Color(0x2563EB)));
        g.fill(left);
        g.setPaint(new GradientPaint(100, 70, new Color(0xC084FC), 216, 186, new Color(0x7C3AED)));
        g.fill(right);
        Area overlap = new Area(left);
        overlap.intersect(new Area(right));
        g.setComposite(AlphaComposite.SrcOver);
        g.setPaint(new GradientPaint(100, 70, new Color(0xF0F9FF), 156, 186, new Color(0xBFDBFE)));
        g.fill(overlap);
        g.dispose();
        ImageIO.write(img, "png", new File(args[0]));
    }
}
