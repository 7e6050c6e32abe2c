package io.github.otelflink.job.extension;

import io.github.otelflink.job.config.ComponentId;
import java.io.Serializable;
import java.util.List;

/**
 * A client authenticator extension ({@code basicauth}, {@code bearertokenauth}, {@code oauth2client}) that an exporter
 * names in {@code auth.authenticator}. The loader resolves the reference to the extension's
 * credentials; implementations never print secrets from {@code toString()} or {@link #describe()}.
 */
public interface AuthenticatorConfig extends Serializable {

    /** The extension id. */
    ComponentId id();

    /** One line for {@code --validate}, without secrets. */
    String describe();

    /** The request headers it sets, so a conflict with the exporter's {@code headers} fails at load. */
    default List<String> headerNames() {
        return List.of("Authorization");
    }
}
