package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The README's CI recipes ({@code docs/ci}) are valid YAML with the jobs the README describes: a CPU
 * job, a GPU job in a CUDA 12.4 image with the {@code gpu} profile, one job per experiment and a site
 * job after them. (They cannot run here; their syntax and shape can be kept right.)
 */
class CiRecipesTest {
    private static final Path RECIPES = Path.of("..", "docs", "ci");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String file) throws IOException {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RECIPES.resolve(file)));
        assertTrue(parsed instanceof Map, file + " is a mapping");
        return (Map<String, Object>) parsed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void gitHubActionsWorkflow() throws IOException {
        Map<String, Object> jobs = map(load("github-actions.yml").get("jobs"));
        assertEquals(List.of("cpu", "gpu", "experiment", "site"), List.copyOf(jobs.keySet()));
        Map<String, Object> gpu = map(jobs.get("gpu"));
        assertTrue(map(gpu.get("container")).get("image").toString().contains("cuda:12.4"), gpu.toString());
        assertTrue(steps(gpu).contains("mvn -Pgpu verify"), gpu.toString());
        Map<String, Object> experiment = map(jobs.get("experiment"));
        assertTrue(!((List<?>) map(map(experiment.get("strategy")).get("matrix")).get("experiment")).isEmpty());
        assertTrue(steps(experiment).contains("mvn verify -Dcvt.experiment=${{ matrix.experiment }}"), experiment.toString());
        Map<String, Object> site = map(jobs.get("site"));
        assertEquals("experiment", site.get("needs"));
        assertTrue(steps(site).contains("mvn site"), site.toString());
        for (String job : List.of("cpu", "gpu")) {
            assertTrue(map(jobs.get(job)).toString().contains("~/.djl.ai"), job + " caches DJL's natives");
        }
    }

    /** The {@code run} commands of a GitHub Actions job. */
    private static List<String> steps(Map<String, Object> job) {
        return ((List<?>) job.get("steps")).stream().map(step -> map(step).get("run")).filter(run -> run != null)
                .map(Object::toString).toList();
    }

    @Test
    void gitLabPipeline() throws IOException {
        Map<String, Object> pipeline = load("gitlab-ci.yml");
        assertEquals(List.of("build", "site"), pipeline.get("stages"));
        Map<String, Object> gpu = map(pipeline.get("gpu"));
        assertTrue(gpu.get("image").toString().contains("cuda:12.4"), gpu.toString());
        assertEquals(List.of("gpu"), gpu.get("tags"));
        assertEquals("mvn -Pgpu verify", gpu.get("script"));
        assertEquals("target/cvt-reports/*.xml", map(map(gpu.get("artifacts")).get("reports")).get("junit"), "the anchor merged");
        Map<String, Object> experiment = map(pipeline.get("experiment"));
        assertTrue(map(experiment.get("parallel")).get("matrix") instanceof List<?>, experiment.toString());
        assertEquals("mvn verify -Dcvt.experiment=$EXPERIMENT", experiment.get("script"));
        Map<String, Object> site = map(pipeline.get("site"));
        assertEquals(List.of("experiment"), site.get("needs"));
        assertEquals("site", site.get("stage"));
        assertTrue(map(pipeline.get("default")).toString().contains(".djl.ai"), "caches DJL's natives");
    }
}
