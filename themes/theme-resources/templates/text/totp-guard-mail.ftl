<#ftl output_format="plainText">
<#-- Shared parts of the totp-guard notification mails (text). Never a code, a seed or a link; the IP address only of the user's own request, never an admin's. -->
<#macro details>
<#if totpGuard.labels?size gt 1>
${msg("totpGuardMailDevices", totpGuard.labels?map(l -> l?has_content?then(l, msg("totpGuardUnnamedDevice")))?join(", "))}
<#elseif totpGuard.labels?size == 1>
${msg("totpGuardMailDevice", totpGuard.label?has_content?then(totpGuard.label, msg("totpGuardUnnamedDevice")))}
</#if>
${msg("totpGuardMailTime", totpGuard.time)}
<#if totpGuard.byAdmin>
${msg("totpGuardMailByAdmin")}
<#else>
${msg("totpGuardMailClient", totpGuard.client?has_content?then(totpGuard.client, "-"))}
${msg("totpGuardMailIp", totpGuard.ip?has_content?then(totpGuard.ip, "-"))}
</#if>
</#macro>
<#macro footer>
${msg("totpGuardMailFooter", realmName)}
</#macro>
