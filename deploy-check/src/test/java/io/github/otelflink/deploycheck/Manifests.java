package io.github.otelflink.deploycheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every YAML document under k8s/, with the file it came from. */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Doc(Path file, int index, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file.getFileName() + "#" + index + " " + kind() + "/" + name();
        }
    }

    static Path k8sDir() {
        return Path.of(System.getProperty("k8s.dir", "../k8s")).toAbsolutePath().normalize();
    }

    static Path repoDir() {
        return k8sDir().getParent();
    }

    static List<Path> yamlFiles() {
        try (Stream<Path> s = Files.walk(k8sDir())) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !k8sDir().relativize(p).startsWith("certs"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Doc> load() {
        List<Doc> docs = new ArrayList<>();
        for (Path f : yamlFiles()) {
            docs.addAll(parse(f));
        }
        return docs;
    }

    static List<Doc> parse(Path f) {
        List<Doc> docs = new ArrayList<>();
        try (JsonParser p = YAML.getFactory().createParser(f.toFile());
                MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(p)) {
            int i = 0;
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(new Doc(f, i, n));
                }
                i++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + f, e);
        }
        return docs;
    }

    static JsonNode readYaml(String text) throws IOException {
        return YAML.readTree(text);
    }

    static JsonNode readYaml(InputStream in) throws IOException {
        return YAML.readTree(in);
    }

    private Manifests() {}
}
