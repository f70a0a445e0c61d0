package com.returnsorter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Evaluates the expressions of {@link Terraform}'s parsed files to values, the way {@code terraform plan}
 * would for an installation: variables from their defaults or the values given, locals, string templates,
 * conditionals, comparisons and the functions this project uses ({@code tostring}, {@code join},
 * {@code base64encode}, {@code jsonencode}, {@code startswith}, …). Attributes that only exist once a
 * resource is created (a service's {@code uri}, an account's {@code email}, a topic's {@code id}) come from
 * the {@link Computed} the caller gives; other attributes are evaluated from the resource's own block.
 *
 * <p>Values are {@link String}, {@link BigDecimal}, {@link Boolean}, {@link List}, {@link Map} or null.
 * Anything outside the subset fails with an {@link IllegalArgumentException} that names the expression, so
 * a new construct in terraform/ asks for this class to be extended rather than being read wrongly.
 */
public final class TerraformValues {

    /** Attributes known only after apply; null when the caller has no value (then the block's own attribute is used). */
    @FunctionalInterface
    public interface Computed {
        /**
         * @param address {@code google_cloud_run_v2_service.batch}, {@code data.google_project.this}
         * @param key     the for_each key of an indexed reference ({@code secrets["slack-webhook-url"]}), or null
         */
        Object attribute(String address, String key, String attribute);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Terraform terraform;
    private final Map<String, Object> variables = new HashMap<>();
    private final Computed computed;
    private final Map<String, Object> locals = new HashMap<>();

    /**
     * @param given values of variables (over their defaults); a variable without a default must be given
     */
    public TerraformValues(Terraform terraform, Map<String, ?> given, Computed computed) {
        this.terraform = terraform;
        this.computed = computed;
        terraform.variables().forEach((name, body) -> {
            if (given.containsKey(name)) {
                variables.put(name, given.get(name));
            } else if (body.has("default")) {
                variables.put(name, evaluate(body.get("default"), Map.of()));
            }
        });
        given.keySet().forEach(name -> {
            if (!terraform.variables().containsKey(name)) {
                throw new IllegalArgumentException("a value is given for var." + name + ", which terraform does not declare");
            }
        });
    }

    public Object variable(String name) {
        if (!variables.containsKey(name)) {
            throw new IllegalArgumentException(terraform.variables().containsKey(name)
                    ? "var." + name + " has no default: give it a value"
                    : "terraform declares no variable " + name);
        }
        return variables.get(name);
    }

    public Object local(String name) {
        if (!locals.containsKey(name)) {
            JsonNode body = terraform.locals().get(name);
            if (body == null) {
                throw new IllegalArgumentException("terraform declares no local." + name);
            }
            locals.put(name, evaluate(body, Map.of()));
        }
        return locals.get(name);
    }

    /** The value of a parsed attribute (a JSON value whose strings are templates). */
    public Object evaluate(JsonNode node) {
        return evaluate(node, Map.of());
    }

    /**
     * The value of a parsed attribute, with iterator names bound: {@code each} for a for_each resource,
     * the block label ({@code env}) in a dynamic block, each a map of {@code key} and {@code value}.
     */
    public Object evaluate(JsonNode node, Map<String, Object> scope) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return template(node.asText(), scope, node.asText());
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(evaluate(item, scope)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), evaluate(e.getValue(), scope)));
        return map;
    }

    /** The value as a string, as terraform would put it into an environment variable or a name. */
    public String string(JsonNode node) {
        return asString(evaluate(node), String.valueOf(node));
    }

    public String string(JsonNode node, Map<String, Object> scope) {
        return asString(evaluate(node, scope), String.valueOf(node));
    }

    /** The attribute of a resource ({@code google_pubsub_topic.watchdog}, "name"): computed, else its block's. */
    public Object attribute(String address, String key, String attribute) {
        Object value = computed.attribute(address, key, attribute);
        if (value != null) {
            return value;
        }
        Terraform.Block block = terraform.block(address)
                .orElseThrow(() -> new IllegalArgumentException("terraform declares no " + address));
        if (!block.body().has(attribute)) {
            throw new IllegalArgumentException("cannot know " + address + (key == null ? "" : "[\"" + key + "\"]") + "."
                    + attribute + " before apply: the system test's Computed has no value for it");
        }
        Map<String, Object> scope = new HashMap<>();
        if (key != null) {
            Object forEach = evaluate(block.body().get("for_each"));
            Object each = forEach instanceof Map<?, ?> map ? map.get(key) : forEach instanceof List<?> list && list.contains(key) ? key : null;
            if (each == null) {
                throw new IllegalArgumentException(address + "[\"" + key + "\"]: its for_each has no key " + key);
            }
            scope.put("each", Map.of("key", key, "value", each));
        }
        return evaluate(block.body().get(attribute), scope);
    }

    /**
     * The image's name without registry path, tag or digest: {@code predict-function} of
     * {@code europe-west1-docker.pkg.dev/p/return-sorter/predict-function:1.2}. This project builds each image
     * from the module of that name (its Dockerfile, its shaded jar).
     */
    public static String imageName(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        int digest = last.indexOf('@');
        int tag = last.indexOf(':');
        int end = digest >= 0 ? digest : tag >= 0 ? tag : last.length();
        return last.substring(0, end);
    }

    /** The module whose jar a Cloud Run service runs: the name of its container's image. */
    public String moduleOf(Terraform.Block service) {
        return imageName(string(Terraform.nested(service.body(), "template", "containers", "image")));
    }

    // --- templates and expressions ---------------------------------------------------------------------

    /** A string template: literal text with {@code ${expr}} parts; a template that is one expression keeps its type. */
    private Object template(String text, Map<String, Object> scope, String where) {
        List<String> parts = Terraform.expressions(text);
        if (parts.size() == 1 && text.equals("${" + parts.get(0) + "}")) {
            return new Parser(parts.get(0), scope, where).whole();
        }
        StringBuilder out = new StringBuilder();
        // %{if}/%{else}/%{endif} directives (hcl2json writes a conditional inside a template so): one flag per level.
        List<Boolean> active = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            boolean emitting = !active.contains(false);
            if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
                if (emitting) {
                    out.append(text.charAt(i + 1)).append('{');
                }
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = closingBrace(text, i + 2);
                if (emitting) {
                    out.append(asString(new Parser(text.substring(i + 2, end), scope, where).whole(), where));
                }
                i = end + 1;
            } else if (text.startsWith("%{", i)) {
                int end = closingBrace(text, i + 2);
                String directive = text.substring(i + 2, end).replace("~", "").strip();
                if (directive.startsWith("if ")) {
                    active.add(emitting && truth(new Parser(directive.substring(3), scope, where).whole(), where));
                } else if (directive.equals("else") && !active.isEmpty()) {
                    int last = active.size() - 1;
                    boolean outer = !active.subList(0, last).contains(false);
                    active.set(last, outer && !active.get(last));
                } else if (directive.equals("endif") && !active.isEmpty()) {
                    active.remove(active.size() - 1);
                } else {
                    throw new IllegalArgumentException("template directive %{" + directive + "} is not supported: " + where);
                }
                i = end + 1;
            } else {
                if (emitting) {
                    out.append(text.charAt(i));
                }
                i++;
            }
        }
        return out.toString();
    }

    /** The index of the '}' closing an interpolation whose expression starts at {@code from}. */
    private static int closingBrace(String text, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        throw new IllegalArgumentException("unclosed ${ in " + text);
    }

    private static boolean truth(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new IllegalArgumentException("not a bool (" + value + "): " + where);
    }

    static String asString(Object value, String where) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Boolean bool) {
            return bool.toString();
        }
        throw new IllegalArgumentException("not a string, number or bool (" + value + "): " + where);
    }

    /** Recursive descent over the HCL expression subset; evaluates as it parses. */
    private final class Parser {
        private final String text;
        private final Map<String, Object> scope;
        private final String where;
        private int pos;

        Parser(String text, Map<String, Object> scope, String where) {
            this.text = text;
            this.scope = scope;
            this.where = where;
        }

        Object whole() {
            Object value = expression();
            skipSpace();
            if (pos != text.length()) {
                throw fail("unexpected '" + text.substring(pos) + "'");
            }
            return value;
        }

        private Object expression() {
            Object condition = or();
            skipSpace();
            if (peek('?')) {
                pos++;
                // Both branches are parsed; only the chosen one's value is kept (neither has side effects).
                Object yes = expression();
                expect(':');
                Object no = expression();
                return truth(condition) ? yes : no;
            }
            return condition;
        }

        private Object or() {
            Object left = and();
            while (consume("||")) {
                Object right = and();
                left = truth(left) || truth(right);
            }
            return left;
        }

        private Object and() {
            Object left = comparison();
            while (consume("&&")) {
                Object right = comparison();
                left = truth(left) && truth(right);
            }
            return left;
        }

        private Object comparison() {
            Object left = sum();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (consume(op)) {
                    Object right = sum();
                    return switch (op) {
                        case "==" -> equal(left, right);
                        case "!=" -> !equal(left, right);
                        default -> {
                            int c = number(left).compareTo(number(right));
                            yield op.equals("<") ? c < 0 : op.equals(">") ? c > 0 : op.equals("<=") ? c <= 0 : c >= 0;
                        }
                    };
                }
            }
            return left;
        }

        private Object sum() {
            Object left = product();
            while (true) {
                skipSpace();
                if (peek('+')) {
                    pos++;
                    left = number(left).add(number(product()));
                } else if (peek('-') && !text.startsWith("->", pos)) {
                    pos++;
                    left = number(left).subtract(number(product()));
                } else {
                    return left;
                }
            }
        }

        private Object product() {
            Object left = unary();
            while (true) {
                skipSpace();
                if (peek('*')) {
                    pos++;
                    left = number(left).multiply(number(unary()));
                } else {
                    return left;
                }
            }
        }

        private Object unary() {
            skipSpace();
            if (peek('!')) {
                pos++;
                return !truth(unary());
            }
            if (peek('-')) {
                pos++;
                return number(unary()).negate();
            }
            return postfix(primary());
        }

        private Object postfix(Object value) {
            while (true) {
                skipSpace();
                if (peek('.') && pos + 1 < text.length() && Character.isLetter(text.charAt(pos + 1))) {
                    pos++;
                    String name = identifier();
                    if (!(value instanceof Map<?, ?> map) || !map.containsKey(name)) {
                        throw fail("no attribute " + name + " in " + value);
                    }
                    value = map.get(name);
                } else if (peek('[')) {
                    pos++;
                    Object index = expression();
                    expect(']');
                    value = index(value, index);
                } else {
                    return value;
                }
            }
        }

        private Object primary() {
            skipSpace();
            if (pos >= text.length()) {
                throw fail("an expression ends too early");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                pos++;
                Object value = expression();
                expect(')');
                return value;
            }
            if (c == '"') {
                return stringLiteral();
            }
            if (Character.isDigit(c)) {
                int start = pos;
                while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                    pos++;
                }
                return new BigDecimal(text.substring(start, pos));
            }
            if (c == '[') {
                pos++;
                List<Object> list = new ArrayList<>();
                while (!consume("]")) {
                    list.add(expression());
                    consume(",");
                }
                return list;
            }
            if (c == '{') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (!consume("}")) {
                    skipSpace();
                    String key = peek('"') ? asString(stringLiteral(), where) : identifier();
                    skipSpace();
                    if (!consume("=") && !consume(":")) {
                        throw fail("expected = or : after the key " + key);
                    }
                    map.put(key, expression());
                    consume(",");
                }
                return map;
            }
            String name = identifier();
            skipSpace();
            if (peek('(')) {
                pos++;
                List<Object> arguments = new ArrayList<>();
                while (!consume(")")) {
                    arguments.add(expression());
                    consume(",");
                }
                return function(name, arguments);
            }
            return switch (name) {
                case "true" -> true;
                case "false" -> false;
                case "null" -> null;
                case "var" -> variable(attributeName());
                case "local" -> local(attributeName());
                case "data" -> resource("data." + attributeName() + "." + attributeName());
                default -> {
                    if (scope.containsKey(name)) {
                        yield scope.get(name);
                    }
                    if (!terraform.resources(name).isEmpty()) {
                        yield resource(name + "." + attributeName());
                    }
                    throw fail("unknown name " + name);
                }
            };
        }

        /** {@code address[.key].attribute}: a resource's attribute, computed or from its block. */
        private Object resource(String address) {
            String key = null;
            skipSpace();
            if (peek('[')) {
                pos++;
                key = asString(expression(), where);
                expect(']');
            }
            return TerraformValues.this.attribute(address, key, attributeName());
        }

        private String attributeName() {
            expect('.');
            return identifier();
        }

        private Object stringLiteral() {
            expect('"');
            StringBuilder raw = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw fail("unclosed string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    break;
                }
                if (c == '\\') {
                    char next = text.charAt(pos + 1);
                    raw.append(switch (next) {
                        case 'n' -> "\n";
                        case 't' -> "\t";
                        case 'r' -> "\r";
                        case '"' -> "\"";
                        case '\\' -> "\\";
                        default -> throw fail("unsupported escape \\" + next);
                    });
                    pos += 2;
                } else if (text.startsWith("${", pos)) {
                    int end = closingBrace(text, pos + 2);
                    raw.append(text, pos, end + 1);
                    pos = end + 1;
                } else {
                    raw.append(c);
                    pos++;
                }
            }
            return template(raw.toString(), scope, where);
        }

        private String identifier() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '-')) {
                pos++;
            }
            if (start == pos) {
                throw fail("expected a name");
            }
            return text.substring(start, pos);
        }

        private Object function(String name, List<Object> args) {
            return switch (name) {
                case "tostring" -> asString(args.get(0), where);
                case "tonumber" -> number(args.get(0));
                case "lower" -> asString(args.get(0), where).toLowerCase();
                case "upper" -> asString(args.get(0), where).toUpperCase();
                case "startswith" -> asString(args.get(0), where).startsWith(asString(args.get(1), where));
                case "endswith" -> asString(args.get(0), where).endsWith(asString(args.get(1), where));
                case "trimsuffix" -> {
                    String s = asString(args.get(0), where);
                    String suffix = asString(args.get(1), where);
                    yield s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
                }
                case "replace" -> asString(args.get(0), where).replace(asString(args.get(1), where), asString(args.get(2), where));
                case "join" -> {
                    List<String> items = new ArrayList<>();
                    for (Object item : list(args.get(1))) {
                        items.add(asString(item, where));
                    }
                    yield String.join(asString(args.get(0), where), items);
                }
                case "length" -> BigDecimal.valueOf(args.get(0) instanceof String s ? s.length()
                        : args.get(0) instanceof Map<?, ?> m ? m.size() : list(args.get(0)).size());
                case "contains" -> list(args.get(0)).contains(args.get(1));
                case "coalesce" -> args.stream().filter(a -> a != null && !"".equals(a)).findFirst()
                        .orElseThrow(() -> fail("coalesce of nothing"));
                case "toset", "tolist" -> list(args.get(0));
                case "tomap" -> args.get(0);
                case "base64encode" -> Base64.getEncoder().encodeToString(asString(args.get(0), where).getBytes(StandardCharsets.UTF_8));
                case "base64decode" -> new String(Base64.getDecoder().decode(asString(args.get(0), where)), StandardCharsets.UTF_8);
                case "jsonencode" -> {
                    try {
                        yield JSON.writeValueAsString(sortedKeys(args.get(0)));
                    } catch (Exception e) {
                        throw fail("jsonencode: " + e.getMessage());
                    }
                }
                default -> throw fail("the function " + name + "() is not supported by TerraformValues");
            };
        }

        private Object index(Object value, Object index) {
            if (value instanceof Map<?, ?> map) {
                String key = asString(index, where);
                if (!map.containsKey(key)) {
                    throw fail("no key " + key + " in " + map.keySet());
                }
                return map.get(key);
            }
            return list(value).get(number(index).intValueExact());
        }

        private boolean truth(Object value) {
            if (value instanceof Boolean b) {
                return b;
            }
            if ("true".equals(value) || "false".equals(value)) {
                return Boolean.parseBoolean((String) value);
            }
            throw fail("not a bool: " + value);
        }

        private BigDecimal number(Object value) {
            if (value instanceof BigDecimal n) {
                return n;
            }
            if (value instanceof String s) {
                try {
                    return new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw fail("not a number: " + s);
                }
            }
            throw fail("not a number: " + value);
        }

        private List<?> list(Object value) {
            if (value instanceof List<?> l) {
                return l;
            }
            throw fail("not a list: " + value);
        }

        private boolean equal(Object left, Object right) {
            if (left instanceof BigDecimal || right instanceof BigDecimal) {
                return left != null && right != null && number(left).compareTo(number(right)) == 0;
            }
            return Objects.equals(left, right);
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private boolean consume(String token) {
            skipSpace();
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skipSpace();
            if (!peek(c)) {
                throw fail("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException(problem + " at " + pos + " of \"" + text + "\" (in " + where + ")");
        }
    }

    /** Terraform's jsonencode writes object keys in lexical order. */
    private static Object sortedKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sortedKeys(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TerraformValues::sortedKeys).toList();
        }
        return value;
    }
}
