package dev.parallax.ui.playground;

import atlantafx.base.theme.Styles;
import dev.parallax.core.ChatMessage;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/**
 * The earlier turns of the Playground's conversation, above the answer: each prompt and answer the next run sends
 * along, folded into a short scrolling list so that the answer keeps the room.
 */
final class ConversationTurns {

    /** The list's height before it scrolls; the answer keeps the rest of the card. */
    private static final double MAX_HEIGHT = 150;
    /** Three lines of the turns' 12-pixel text. */
    private static final double FOLDED_HEIGHT = 48;

    private final TitledPane pane = new TitledPane();
    private final VBox turns = new VBox(6);
    private final ScrollPane scroll = new ScrollPane(turns);

    ConversationTurns(ObservableList<ChatMessage> conversation) {
        turns.setId("conversation-turns");
        turns.getStyleClass().add("conversation-turns");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setMaxHeight(MAX_HEIGHT);
        scroll.setPrefViewportHeight(MAX_HEIGHT);
        pane.setContent(scroll);
        pane.setId("conversation");
        pane.setAnimated(false);
        pane.getStyleClass().add(Styles.DENSE);
        pane.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(conversation));
        pane.managedProperty().bind(pane.visibleProperty());
        conversation.addListener((ListChangeListener<ChatMessage>) change -> show(conversation));
        // The latest turn in view: once the new turns are laid out, not before (the list would not be that tall yet).
        turns.heightProperty().addListener((o, was, now) -> {
            if (now.doubleValue() > was.doubleValue()) {
                scroll.setVvalue(scroll.getVmax());
            }
        });
        show(conversation);
    }

    private void show(java.util.List<ChatMessage> conversation) {
        long prompts = conversation.stream().filter(m -> m.role() == ChatMessage.Role.USER).count();
        pane.setText("Earlier in this conversation · " + prompts + (prompts == 1 ? " turn" : " turns"));
        turns.getChildren().setAll(conversation.stream().map(ConversationTurns::turn).toList());
    }

    private static Node turn(ChatMessage message) {
        boolean user = message.role() == ChatMessage.Role.USER;
        Label who = new Label(user ? "You" : "Answer");
        who.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_BOLD, user ? Styles.ACCENT : Styles.TEXT_MUTED);
        Label text = new Label(message.content().strip());
        text.setWrapText(true);
        text.getStyleClass().add("conversation-turn-text");
        // Three lines each, so that several turns fit above the answer; a click shows the whole text, another folds it.
        text.setMaxHeight(FOLDED_HEIGHT);
        VBox box = new VBox(2, who, text);
        box.setOnMouseClicked(e -> {
            boolean folded = text.getMaxHeight() == FOLDED_HEIGHT;
            text.setMaxHeight(folded ? Double.MAX_VALUE : FOLDED_HEIGHT);
            text.setMinHeight(folded ? javafx.scene.layout.Region.USE_PREF_SIZE : javafx.scene.layout.Region.USE_COMPUTED_SIZE);
        });
        javafx.scene.control.Tooltip.install(box, new javafx.scene.control.Tooltip("Click to show all of it, or fold it"));
        box.getStyleClass().addAll("conversation-turn", user ? "from-user" : "from-model");
        return box;
    }

    Node root() {
        return pane;
    }
}
