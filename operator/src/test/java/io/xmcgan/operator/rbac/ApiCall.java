package io.xmcgan.operator.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.xmcgan.operator.XmcganExperiment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request the operator sent to the API server, as RBAC sees it: the permission it needs and the
 * namespace it acts in (empty for a cluster-wide list or watch). The verbs follow the API server's
 * mapping of HTTP requests (kubernetes.io/docs/reference/access-authn-authz/authorization,
 * "Determine the request verb").
 */
public record ApiCall(
    String method, String path, Permission permission, Optional<String> namespace) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The call of one recorded request; {@code null} for a path outside the resource API ({@code
   * /version} and other discovery paths every authenticated user may read).
   */
  static ApiCall of(String method, URI uri) {
    String path = uri.getPath();
    List<String> parts = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
    String group;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    } else {
      return null;
    }
    Optional<String> namespace = Optional.empty();
    if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
      namespace = Optional.of(parts.get(1));
      parts = parts.subList(2, parts.size());
    }
    String resource = parts.get(0);
    boolean named = parts.size() >= 2;
    if (parts.size() >= 3) {
      resource += "/" + parts.get(2);
    }
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb =
        switch (method) {
          case "GET", "HEAD" ->
              named ? "get" : query.matches("(.*&)?watch=(true|1)(&.*)?") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException("unexpected HTTP method " + method);
        };
    return new ApiCall(method, path, new Permission(group, resource, verb), namespace);
  }

  /**
   * What the API server's OwnerReferencesPermissionEnforcement admission plugin asks of a create or
   * update whose body has an owner reference with {@code blockOwnerDeletion: true}: {@code update}
   * on the owner's {@code finalizers} subresource.
   */
  static List<Permission> ownerFinalizers(String body) {
    if (body == null || body.isBlank()) {
      return List.of();
    }
    JsonNode owners;
    try {
      owners = JSON.readTree(body).path("metadata").path("ownerReferences");
    } catch (IOException e) {
      throw new UncheckedIOException("a request body that is not JSON: " + body, e);
    }
    List<Permission> needed = new ArrayList<>();
    for (JsonNode owner : owners) {
      if (owner.path("blockOwnerDeletion").asBoolean(false)) {
        String apiVersion = owner.path("apiVersion").asText();
        String group =
            apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        needed.add(
            new Permission(group, plural(owner.path("kind").asText()) + "/finalizers", "update"));
      }
    }
    return needed;
  }

  private static String plural(String kind) {
    if (kind.equals(HasMetadata.getKind(XmcganExperiment.class))) {
      return HasMetadata.getPlural(XmcganExperiment.class);
    }
    throw new IllegalArgumentException("an owner reference to an unexpected kind " + kind);
  }
}
