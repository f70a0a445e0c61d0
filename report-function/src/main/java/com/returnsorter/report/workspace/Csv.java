package com.returnsorter.report.workspace;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * CSV for people and spreadsheets, written with Apache Commons CSV (RFC 4180 quoting). A cell that a
 * spreadsheet would run as a formula ({@code = + - @}, tab, CR) is prefixed with an apostrophe
 * (OWASP "CSV injection"), since names and notes come from people.
 */
public final class Csv {

    private Csv() {
    }

    public static String write(List<String> header, Iterable<List<?>> rows) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator("\r\n").get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<?> row : rows) {
                printer.printRecord(row.stream().map(Csv::cell).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Object cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return value;
    }
}
