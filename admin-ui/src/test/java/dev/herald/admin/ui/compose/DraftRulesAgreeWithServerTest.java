package dev.herald.admin.ui.compose;

import dev.herald.auth.Users;
import dev.herald.http.ControlCharacters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose form refuses, before sending, exactly the characters the server refuses: every UTF-16 unit
 * in a user id and in a title, compared with the server's own rules (on the test class path). The server
 * started refusing C1 controls, direction overrides in user ids and line separators in them while the
 * form still let them through (so its "would be accepted" said yes, and the server answered 400).
 */
class DraftRulesAgreeWithServerTest {
    @Test
    void userIdsAndTitlesAreRefusedForTheSameCharactersAsByTheServer() {
        List<String> disagree = new ArrayList<>();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (Character.isSurrogate(c)) {
                continue;
            }
            String s = "a" + c + "b";
            boolean formTakesUser = DraftValidator.usersProblem(List.of(s)) == null;
            if (formTakesUser != Users.valid(s)) {
                disagree.add(String.format("user U+%04X: form %s, server %s", (int) c, formTakesUser, Users.valid(s)));
            }
            boolean formTakesTitle = DraftValidator.problem("m", 4096, s, List.of(), List.of(), null, null) == null;
            boolean serverTakesTitle = !ControlCharacters.in(s, false);
            if (formTakesTitle != serverTakesTitle) {
                disagree.add(String.format("title U+%04X: form %s, server %s", (int) c, formTakesTitle, serverTakesTitle));
            }
        }
        assertThat(disagree).isEmpty();
        assertThat(DraftValidator.usersProblem(List.of("eve\u202Eexe"))).contains("direction overrides");
    }
}
