<#--
  The note of a questionnaire record (plain text, UTF-8). IT staff may change it: copy this file to the
  folder named by adapter.notes.template-dir and edit it there. FreeMarker 2.3 syntax. The data:
    questionnaire  the record (docs/interface.md, Records): instrument, authored, difficulty, total, status
    instrument     the instrument (src/main/resources/instruments/): code, title, total (min, max), bands[]
    score          total (absent for a risk screener) and band
    answers[]      number, value (a number, or yes/no for the C-SSRS screener)
  Times: .dateTime ("2026-11-20 09:05 -08:00"), .date, .time, .offset, in the offset the clinic sent.
-->
${instrument.title} (${instrument.code})<#if questionnaire.status! == "entered-in-error">: ENTERED IN ERROR: disregard this note</#if>
Completed by the patient: ${questionnaire.authored}

<#if score.total??>
Score: ${score.total}<#if instrument.total??> of ${instrument.total.max}</#if><#if score.band??> (${score.band})</#if>
<#elseif score.band??>
Result: ${score.band}
</#if>
<#if answers?has_content>

ANSWERS
<#list answers as a>
Item ${a.number?left_pad(2)}: ${a.value?is_boolean?then(a.value?string("yes", "no"), a.value?string)}
</#list>
<#else>

Only the total was sent, not the answers.
</#if>
<#if questionnaire.difficulty??>
Difficulty of these problems: ${questionnaire.difficulty}
</#if>
