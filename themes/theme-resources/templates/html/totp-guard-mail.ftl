<#-- Shared parts of the totp-guard notification mails (HTML, escaped by Keycloak's email theme). Never a code, a seed or a link; the IP address only of the user's own request, never an admin's. -->
<#macro details>
<ul>
<#if totpGuard.labels?size gt 1>
<li>${msg("totpGuardMailDevices", totpGuard.labels?map(l -> l?has_content?then(l, msg("totpGuardUnnamedDevice")))?join(", "))}</li>
<#elseif totpGuard.labels?size == 1>
<li>${msg("totpGuardMailDevice", totpGuard.label?has_content?then(totpGuard.label, msg("totpGuardUnnamedDevice")))}</li>
</#if>
<li>${msg("totpGuardMailTime", totpGuard.time)}</li>
<#if totpGuard.byAdmin>
<li>${msg("totpGuardMailByAdmin")}</li>
<#else>
<li>${msg("totpGuardMailClient", totpGuard.client?has_content?then(totpGuard.client, "-"))}</li>
<li>${msg("totpGuardMailIp", totpGuard.ip?has_content?then(totpGuard.ip, "-"))}</li>
</#if>
</ul>
</#macro>
<#macro footer>
<p><small>${msg("totpGuardMailFooter", realmName)}</small></p>
</#macro>
