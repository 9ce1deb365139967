package dev.herald.admin.ui.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's cluster line (from the {@code cluster} part of real /admin/stats documents) and its capacity line. */
class ClusterLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void clusterModeShowsTotalsAndNodes() throws Exception {
        assertThat(DashboardViewModel.clusterLine(JSON.readTree(
                "{\"mode\":\"redis\",\"totals\":{\"nodes\":3,\"connections\":12}}")))
                .isEqualTo("12 in the cluster on 3 nodes");
        assertThat(DashboardViewModel.clusterLine(JSON.readTree(
                "{\"mode\":\"redis\",\"totals\":{\"nodes\":1,\"connections\":2},\"error\":\"Redis down\"}")))
                .isEqualTo("2 in the cluster on 1 node (other nodes unreachable)");
    }

    @Test
    void singleNodeShowsNothingExtra() throws Exception {
        assertThat(DashboardViewModel.clusterLine(JSON.readTree("{\"mode\":\"single\",\"totals\":{\"nodes\":1}}"))).isEmpty();
        assertThat(DashboardViewModel.clusterLine(JSON.readTree("{}").path("cluster"))).isEmpty();
    }

    @Test
    void capacitySaysHowManyTheNodeTakesAndWhenItIsNearlyFull() {
        assertThat(DashboardViewModel.capacityLine(12, 19_500)).isEqualTo("of 19,500 this node takes");
        assertThat(DashboardViewModel.capacityLine(17_550, 19_500)).isEqualTo("of 19,500 this node takes (nearly full)");
        assertThat(DashboardViewModel.capacityLine(3, 0)).as("an older server does not say").isEmpty();
    }
}
