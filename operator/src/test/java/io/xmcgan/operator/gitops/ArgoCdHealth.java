package io.xmcgan.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The health script of manifests/argocd/xmcgan-health.yaml, run as Argo CD runs a resource
 * customization: the resource, converted from JSON (numbers become Lua numbers, null is absent), is
 * the global {@code obj} and the script returns a table with {@code status} and {@code message}.
 */
final class ArgoCdHealth {

  static final Path FILE = Path.of("../manifests/argocd/xmcgan-health.yaml");
  static final String KEY = "resource.customizations.health.xmcgan.io_XmcganExperiment";

  /** What Argo CD shows: one of Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  record Health(String status, String message) {}

  private final String script;

  private ArgoCdHealth(String script) {
    this.script = script;
  }

  static ArgoCdHealth load() throws IOException {
    JsonNode configMap = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
    String script = configMap.path("data").path(KEY).textValue();
    if (script == null) {
      throw new AssertionError(FILE + " has no data." + KEY);
    }
    return new ArgoCdHealth(script);
  }

  Health check(JsonNode object) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(object));
    LuaValue result = globals.load(script, "xmcgan-health").call();
    LuaValue message = result.get("message");
    return new Health(
        result.get("status").tojstring(), message.isnil() ? null : message.tojstring());
  }

  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          table.set(field.getKey(), lua(field.getValue()));
        }
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return LuaValue.valueOf(node.asText());
  }
}
