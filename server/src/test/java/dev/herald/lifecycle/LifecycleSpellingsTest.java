package dev.herald.lifecycle;

import dev.herald.support.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.herald.lifecycle.ScheduledSendTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the lifecycle endpoints read what they are given: a parameter read once given twice, and the
 * spellings of one id ({@code s-08}, {@code +5}), answered like the rest of the API treats them.
 */
class LifecycleSpellingsTest {
    @RegisterExtension
    static final TestHerald HERALD = TestHerald.perClass();

    @Test
    void allGivenTwiceWithDifferentValuesIsRefusedNotTheFirstTaken() throws Exception {
        HERALD.notify("{\"message\":\"later\",\"delay\":\"1h\"}");
        HttpResponse<String> res = HERALD.get("/admin/scheduled?all=true&all=false");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(json(res).get("error").asText()).isEqualTo("invalid_query");
        assertThat(json(res).get("detail").asText()).contains("all=").contains("more than once");
        assertThat(HERALD.get("/admin/scheduled?all=true&all=true").statusCode()).as("the same value twice").isEqualTo(200);
    }

    @Test
    void aScheduledIdWithALeadingZeroIsAnsweredByItsCanonicalId() throws Exception {
        String id = json(HERALD.notify("{\"message\":\"zero\",\"delay\":\"1h\"}")).get("id").asText();
        String padded = id.replace("s-", "s-0");
        HttpResponse<String> res = HERALD.delete("/notifications/" + padded);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(json(res).get("id").asText()).as("the id it acted on").isEqualTo(id);
        assertThat(json(res).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aSentIdWithALeadingZeroIsAnsweredByItsCanonicalId() throws Exception {
        long id = HERALD.publish("{\"message\":\"padded\"}");
        HttpResponse<String> res = HERALD.delete("/notifications/00" + id);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(json(res).get("id").asText()).isEqualTo(Long.toString(id));
        assertThat(json(res).get("eventId").asLong()).isEqualTo(id);
    }

    @Test
    void aSignedIdIsRefusedByTheDetailViewAndTheDeleteAlike() throws Exception {
        long id = HERALD.publish("{\"message\":\"signed\"}");
        for (String sign : new String[]{"+", "%2B", "-"}) {
            HttpResponse<String> detail = HERALD.get("/admin/notifications/" + sign + id);
            assertThat(detail.statusCode()).as(sign + ": " + detail.body()).isEqualTo(404);
            assertThat(json(detail).get("error").asText()).isEqualTo("unknown_notification");
            HttpResponse<String> delete = HERALD.delete("/notifications/" + sign + id);
            assertThat(delete.statusCode()).as(sign + ": " + delete.body()).isEqualTo(404);
            assertThat(json(delete).get("error").asText()).isEqualTo("unknown_notification");
        }
        assertThat(HERALD.get("/admin/notifications/0" + id).statusCode()).as("digits only, as everywhere").isEqualTo(200);
        assertThat(HERALD.get("/admin/notifications/" + id).statusCode()).as("still there").isEqualTo(200);
    }
}
