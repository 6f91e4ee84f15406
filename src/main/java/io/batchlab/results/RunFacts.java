package io.batchlab.results;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What the export needs from a run's config.yaml: the model id, the allowed answers, whether requests are per
 * user and which field holds a record's key, and the zone of status.json's times. Read directly rather than through
 * the config loader: the loader also checks that the input file still exists under a data root, and a run's results
 * must stay exportable after its input has moved. The file was validated when the run was created.
 */
record RunFacts(String modelId, AllowedAnswers allowedAnswers, boolean perUser, ZoneId timeZone,
                String recordKeyField) {

    static RunFacts read(Path configFile) throws IOException {
        Object root;
        try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (YAMLException e) {
            throw new IOException(configFile + " is not readable YAML: " + e.getMessage(), e);
        }
        Map<?, ?> model = section(root, "model");
        Map<?, ?> prompt = section(root, "prompt");
        Map<?, ?> input = section(root, "input");
        String modelId = model.get("id") instanceof String id ? id : null;
        List<String> answers = prompt.get("allowed_answers") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        boolean perUser = "per_user".equals(input.get("requests"));
        Map<?, ?> experiment = section(root, "experiment");
        // status.json's times are local times in the run's zone (experiment.time_zone, recorded in the run's copy)
        ZoneId zone;
        try {
            zone = experiment.get("time_zone") instanceof String id ? ZoneId.of(id) : ZoneId.systemDefault();
        } catch (java.time.DateTimeException e) {
            throw new IOException(configFile + ": experiment.time_zone is not a time zone: " + e.getMessage(), e);
        }
        String recordKeyField = input.get("record_key") instanceof String field ? field : null;
        return new RunFacts(modelId, AllowedAnswers.of(answers), perUser, zone, recordKeyField);
    }

    private static Map<?, ?> section(Object root, String name) {
        return root instanceof Map<?, ?> top && top.get(name) instanceof Map<?, ?> section ? section : Map.of();
    }
}
