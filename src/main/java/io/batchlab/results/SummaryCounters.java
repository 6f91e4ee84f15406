package io.batchlab.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the rows {@link RunExport} streams, so that the summary and the export decide a request's status and label
 * in one place. Holds counters only: per allowed answer, per error code, and the codes of the user being read (the
 * export gives each user's rows together, in users.json order).
 */
final class SummaryCounters implements ExportWriter {

    private final AllowedAnswers allowedAnswers;
    private final Map<String, Long> labels = new LinkedHashMap<>();
    private final Map<String, long[]> reasons = new LinkedHashMap<>();
    private final Set<String> codesOfUser = new HashSet<>();
    private String user;
    private boolean userMissing;
    private long users;
    private long requests;
    private long answered;
    private long error;
    private long unanswered;
    private long skipped;
    private long offList;
    private long missingUsers;
    private long promptTokens;
    private long completionTokens;
    private long reasoningTokens;
    private long cachedTokens;

    SummaryCounters(AllowedAnswers allowedAnswers) {
        this.allowedAnswers = allowedAnswers;
        allowedAnswers.byKey().values().forEach(label -> labels.put(label, 0L));
    }

    @Override
    public void write(ExportRow row) {
        if (!row.userId().equals(user)) {
            user = row.userId();
            users++;
            userMissing = false;
            codesOfUser.clear();
        }
        requests++;
        promptTokens += orZero(row.promptTokens());
        completionTokens += orZero(row.completionTokens());
        reasoningTokens += orZero(row.reasoningTokens());
        cachedTokens += orZero(row.cachedTokens());
        switch (row.status()) {
            case RunExport.ANSWERED -> {
                answered++;
                if (allowedAnswers.closed()) {
                    if (row.answerLabel() == null) {
                        offList++;
                    } else {
                        labels.merge(row.answerLabel(), 1L, Long::sum);
                    }
                }
                return;
            }
            case RunExport.ERROR -> error++;
            case RunExport.SKIPPED -> skipped++;
            default -> unanswered++;
        }
        String code = RunExport.SKIPPED.equals(row.status()) ? RunExport.SKIPPED
                : row.errorCode() == null ? "unknown" : row.errorCode();
        long[] reason = reasons.computeIfAbsent(code, c -> new long[2]);
        reason[1]++;
        if (codesOfUser.add(code)) {
            reason[0]++;
        }
        if (!userMissing) {
            userMissing = true;
            missingUsers++;
        }
    }

    @Override
    public void finish() {
        // nothing held back
    }

    RunSummary.ByStatus byStatus() {
        return new RunSummary.ByStatus(answered, error, unanswered, skipped);
    }

    RunSummary.Answers answers() {
        if (!allowedAnswers.closed()) {
            return null;
        }
        List<RunSummary.AnswerCount> distribution = new ArrayList<>();
        labels.forEach((label, count) -> distribution.add(new RunSummary.AnswerCount(label, count, share(count))));
        return new RunSummary.Answers(allowedAnswers.answers(), distribution, answered, offList,
                answered == 0 ? null : share(offList));
    }

    RunSummary.Tokens tokens() {
        return new RunSummary.Tokens(promptTokens, completionTokens, reasoningTokens, cachedTokens);
    }

    RunSummary.Missing missing() {
        List<RunSummary.Reason> byReason = new ArrayList<>();
        reasons.forEach((code, count) -> byReason.add(new RunSummary.Reason(code, count[0], count[1])));
        byReason.sort(Comparator.comparingLong(RunSummary.Reason::requests).reversed()
                .thenComparing(RunSummary.Reason::code));
        return new RunSummary.Missing(missingUsers, error + unanswered + skipped, List.copyOf(byReason));
    }

    long users() {
        return users;
    }

    long requests() {
        return requests;
    }

    private double share(long count) {
        return answered == 0 ? 0.0 : (double) count / answered;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
