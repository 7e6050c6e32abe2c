package io.github.otelflink.connectors.scrape;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scrape receiver's configuration: the targets to scrape. The constructor validates and
 * throws {@link IllegalArgumentException} listing every problem.
 */
public record ScrapeOptions(List<ScrapeTarget> targets) implements Serializable {

    public ScrapeOptions {
        if (targets == null) {
            throw new IllegalArgumentException("invalid scrape options: targets must be set");
        }
        targets = List.copyOf(targets);
        List<String> errors = validate(targets);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid scrape options: " + String.join("; ", errors));
        }
    }

    public static ScrapeOptions of(ScrapeTarget... targets) {
        return new ScrapeOptions(List.of(targets));
    }

    private static List<String> validate(List<ScrapeTarget> targets) {
        List<String> errors = new ArrayList<>();
        if (targets.isEmpty()) {
            errors.add("at least one target is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            ScrapeTarget target = targets.get(i);
            errors.addAll(target.validate("targets[" + i + "]: "));
            if (target.jobName() != null && target.url() != null && !seen.add(target.jobName() + " " + target.url())) {
                errors.add("targets[" + i + "]: duplicate target " + target.url() + " in job " + target.jobName());
            }
        }
        return errors;
    }
}
