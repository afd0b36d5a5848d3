package dev.totpguard.it;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check that README's "Works with" table says what {@link VersionMatrixIT} found. */
class WorksWithTableTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    private static VersionMatrixIT.WorksWith run(String... versionAndResult) {
        Map<String, String> results = new LinkedHashMap<>();
        for (int i = 0; i < versionAndResult.length; i += 2) {
            results.put(versionAndResult[i], versionAndResult[i + 1]);
        }
        return new VersionMatrixIT.WorksWith("26.7.3", results, DAY);
    }

    private static String readme(String table) {
        return "# title\n\nintro\n\n<!-- works-with:start -->\n" + table + "<!-- works-with:end -->\n\n| 9.9.9 | works | elsewhere |\n";
    }

    @Test
    void theRunsOwnTableAgreesWhateverTheDateAndExtraRowsThatClaimNothing() {
        VersionMatrixIT.WorksWith run = run("26.4.7", "works", "26.5.6", "works");
        String older = run.markdown().replace("2026-12-07", "2026-11-30")
                + "| 26.6.x | not tested | no distribution on Maven Central |\n";
        assertEquals(List.of(), run.disagreements(readme(older), true));
    }

    @Test
    void aTestedVersionMissingOrWithAnotherResultIsReported() {
        VersionMatrixIT.WorksWith run = run("26.4.7", "works", "26.5.6", "works");
        String withoutOne = run.markdown().lines().filter(l -> !l.contains("26.5.6")).reduce("", (a, l) -> a + l + "\n");
        assertEquals(List.of("26.5.6: README has no row, the run found works"), run.disagreements(readme(withoutOne), true));
        String failing = run.markdown().replace("| 26.4.7 | works |", "| 26.4.7 | fails at start: no |");
        assertEquals(1, run.disagreements(readme(failing), true).size());
    }

    @Test
    void anUntestedVersionSaidToWorkIsReportedForTheDefaultMatrixOnly() {
        VersionMatrixIT.WorksWith run = run("26.5.6", "works");
        String table = run.markdown() + "| 26.4.7 | works | smoke test |\n";
        assertEquals(List.of("26.4.7: README says it works, but this run did not test it"), run.disagreements(readme(table), true));
        assertEquals(List.of(), run.disagreements(readme(table), false), "a run of another list checks its own versions");
    }

    @Test
    void theNewestVersionMustBeListedAsWorking() {
        VersionMatrixIT.WorksWith run = run("26.4.7", "works");
        String table = run.markdown().replace("| 26.7.3 | works |", "| 26.7.3 | untested |");
        assertTrue(run.disagreements(readme(table), true).get(0).startsWith("26.7.3:"));
    }

    @Test
    void rowsAreNewestFirst() {
        String md = run("26.4.7", "works", "26.10.1", "works", "26.5.6", "works").markdown();
        assertTrue(md.indexOf("| 26.7.3 |") < md.indexOf("| 26.10.1 |") && md.indexOf("| 26.10.1 |") < md.indexOf("| 26.5.6 |")
                && md.indexOf("| 26.5.6 |") < md.indexOf("| 26.4.7 |"), md);
    }

    @Test
    void aReadmeWithoutTheMarkersIsAClearError() {
        AssertionError error = assertThrows(AssertionError.class, () -> run("26.4.7", "works").disagreements("# no table\n", true));
        assertTrue(error.getMessage().contains("works-with:start"), error.getMessage());
    }

    @Test
    void theMatrixPropertyTakesReleasedVersionsOnly() {
        assertEquals(List.of("26.4.7", "26.5.6"), VersionMatrixIT.versions(" 26.4.7, 26.5.6 ,"));
        assertThrows(IllegalArgumentException.class, () -> VersionMatrixIT.versions("26.4.7,26.5-SNAPSHOT"));
        assertThrows(IllegalArgumentException.class, () -> VersionMatrixIT.versions("[26.4,26.6)"));
    }
}
