<#import "template.ftl" as layout>
<#import "totp-guard-mail.ftl" as mail>
<@layout.emailLayout>
<p>${msg("totpGuardMailRecoveryCodeUsed")}<#if totpGuard.variant?has_content> ${msg("totpGuardMailRecoveryCodesLeft", totpGuard.variant)}</#if></p>
<@mail.details/>
<p><strong>${msg("totpGuardMailNotYouRecoveryCode")}</strong></p>
<@mail.footer/>
</@layout.emailLayout>
