package dev.parallax.ui.markdown;

import dev.parallax.ui.markdown.MarkdownBlock.Span;
import dev.parallax.ui.markdown.MarkdownBlock.Style;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/** Shows sanitised Markdown blocks as JavaFX text nodes styled by the theme (classes md-*). */
public final class MarkdownView extends VBox {

    private final Consumer<URI> linkHandler;

    public MarkdownView(Consumer<URI> linkHandler) {
        this.linkHandler = linkHandler;
        getStyleClass().add("markdown");
        setSpacing(10);
    }

    /** The blocks the children show, one child each, in order. */
    private List<MarkdownBlock> shown = List.of();

    /**
     * Shows {@code blocks}. The children of blocks that did not change are kept: while an answer streams only its
     * last block grows, and rebuilding every block laid the whole answer out again ten times a second.
     */
    public void show(List<MarkdownBlock> blocks) {
        int same = 0;
        while (same < shown.size() && same < blocks.size() && shown.get(same).equals(blocks.get(same))) {
            same++;
        }
        if (same == shown.size() && same == blocks.size()) {
            return;
        }
        getChildren().remove(same, getChildren().size());
        for (int i = same; i < blocks.size(); i++) {
            getChildren().add(node(blocks.get(i)));
        }
        shown = List.copyOf(blocks);
    }

    private Node node(MarkdownBlock block) {
        if (block instanceof MarkdownBlock.Paragraph p) {
            return flow(p.spans(), "md-paragraph");
        }
        if (block instanceof MarkdownBlock.Heading h) {
            return flow(h.spans(), "md-h" + Math.min(h.level(), 4));
        }
        if (block instanceof MarkdownBlock.CodeBlock c) {
            Label code = new Label(c.code());
            code.getStyleClass().add("md-code-block");
            code.setMaxWidth(Double.MAX_VALUE);
            code.setWrapText(true);
            return code;
        }
        if (block instanceof MarkdownBlock.Quote q) {
            VBox quote = new VBox(8);
            quote.getStyleClass().add("md-quote");
            q.blocks().forEach(b -> quote.getChildren().add(node(b)));
            return quote;
        }
        if (block instanceof MarkdownBlock.ListBlock l) {
            VBox list = new VBox(4);
            list.getStyleClass().add("md-list");
            int n = l.start();
            for (List<MarkdownBlock> item : l.items()) {
                Label marker = new Label(l.ordered() ? (n++) + "." : "•");
                marker.getStyleClass().add("md-list-marker");
                marker.setMinWidth(22);
                VBox body = new VBox(4);
                item.forEach(b -> body.getChildren().add(node(b)));
                HBox.setHgrow(body, Priority.ALWAYS);
                list.getChildren().add(new HBox(4, marker, body));
            }
            return list;
        }
        Separator rule = new Separator();
        rule.getStyleClass().add("md-rule");
        return rule;
    }

    private TextFlow flow(List<Span> spans, String styleClass) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add(styleClass);
        for (Span span : spans) {
            Text text = new Text(span.text());
            text.getStyleClass().add("md-text");
            for (Style style : span.styles()) {
                text.getStyleClass().add("md-" + style.name().toLowerCase(java.util.Locale.ROOT));
            }
            span.link().ifPresent(uri -> {
                text.getStyleClass().add("md-link");
                text.setCursor(Cursor.HAND);
                text.setOnMouseClicked(e -> linkHandler.accept(uri));
            });
            flow.getChildren().add(text);
        }
        return flow;
    }
}
