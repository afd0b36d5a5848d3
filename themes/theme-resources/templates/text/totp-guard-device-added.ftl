<#ftl output_format="plainText">
<#import "totp-guard-mail.ftl" as mail>
<#if totpGuard.variant == "migrated">${msg("totpGuardMailDeviceMigrated")}<#elseif totpGuard.byAdmin>${msg("totpGuardMailDeviceImported")}<#else>${msg("totpGuardMailDeviceAdded")}</#if>

<@mail.details/>

${msg("totpGuardMailNotYouAdded")}

<@mail.footer/>
