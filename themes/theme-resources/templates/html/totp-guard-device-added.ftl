<#import "template.ftl" as layout>
<#import "totp-guard-mail.ftl" as mail>
<@layout.emailLayout>
<p><#if totpGuard.variant == "migrated">${msg("totpGuardMailDeviceMigrated")}<#elseif totpGuard.byAdmin>${msg("totpGuardMailDeviceImported")}<#else>${msg("totpGuardMailDeviceAdded")}</#if></p>
<@mail.details/>
<p><strong>${msg("totpGuardMailNotYouAdded")}</strong></p>
<@mail.footer/>
</@layout.emailLayout>
